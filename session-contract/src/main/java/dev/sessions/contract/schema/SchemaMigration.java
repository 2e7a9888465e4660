package dev.sessions.contract.schema;

import java.net.ConnectException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.flywaydb.core.Flyway;
import org.jboss.logging.Logger;

/**
 * Runs the service's Flyway migrations on a thread of their own once the service has started, instead of before it
 * (ADR 17): neither service needs PostgreSQL for its main job (the registry's checks, sessions and revocations; the
 * auth service's refreshes and sign-outs), so neither waits for it to start, and both start while PostgreSQL is down.
 * Until the schema is migrated, what reads or writes PostgreSQL waits for it ({@link #migrated(Duration)}), and the
 * history drain and the mail outbox hold their work. A migration that cannot reach PostgreSQL is tried again with a
 * growing pause; one that fails otherwise (a broken or changed migration) is reported by {@link #state()} and the
 * services' readiness says DOWN, so that a rollout of a bad version stops. With {@code quarkus.flyway.migrate-at-start}
 * (the module tests) Quarkus has migrated before the start and this does nothing. One class for both services.
 */
@ApplicationScoped
public class SchemaMigration {

    private static final Logger LOG = Logger.getLogger(SchemaMigration.class);
    private static final long FIRST_PAUSE_MS = 500;
    private static final long LONGEST_PAUSE_MS = 30_000;

    /** Where the migration stands, as the readiness checks report it. */
    public enum State {
        MIGRATING("migrating"),
        WAITING_FOR_POSTGRESQL("waiting for PostgreSQL"),
        FAILED("migration failed"),
        MIGRATED("migrated");

        private final String label;

        State(String label) {
            this.label = label;
        }

        /** How the readiness data spells it. */
        public String label() {
            return label;
        }
    }

    private final Instance<Flyway> flyway;
    private final boolean migratedAtStart;
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private volatile State state = State.MIGRATING;
    private volatile Thread worker;

    SchemaMigration(
            Instance<Flyway> flyway,
            @ConfigProperty(name = "quarkus.flyway.migrate-at-start", defaultValue = "false") boolean migratedAtStart) {
        this.flyway = flyway;
        this.migratedAtStart = migratedAtStart;
    }

    void start(@Observes StartupEvent event) {
        if (migratedAtStart) {
            finish();
            return;
        }
        Thread thread = new Thread(this::migrate, "schema-migration");
        thread.setDaemon(true);
        worker = thread;
        thread.start();
    }

    void stop(@Observes ShutdownEvent event) {
        Thread thread = worker;
        if (thread != null) {
            thread.interrupt();
        }
    }

    /** Where the migration stands. */
    public State state() {
        return state;
    }

    /** Whether the schema is migrated (never goes back). */
    public boolean isMigrated() {
        return done.isDone();
    }

    /** Completes once the schema is migrated, however long that takes. */
    public Uni<Void> migrated() {
        return Uni.createFrom().completionStage(done.copy()).replaceWithVoid();
    }

    /**
     * Completes once the schema is migrated; fails with {@link SchemaNotReadyException} if that takes longer than
     * {@code wait}. Free once migrated.
     */
    public Uni<Void> migrated(Duration wait) {
        return awaitDone(done, wait, () -> new SchemaNotReadyException(state));
    }

    /**
     * Completes when {@code done} does (at once if it has), or fails with {@code late} after {@code wait}: also for what
     * a service gates on the migration and more (auth-service's bootstrap administrator).
     */
    public static Uni<Void> awaitDone(CompletableFuture<Void> done, Duration wait, Supplier<? extends Throwable> late) {
        if (done.isDone()) {
            return Uni.createFrom().voidItem();
        }
        return Uni.createFrom()
                .completionStage(done.copy())
                .ifNoItem()
                .after(wait)
                .failWith(late);
    }

    private void migrate() {
        long pause = FIRST_PAUSE_MS;
        while (!Thread.currentThread().isInterrupted()) {
            try {
                state = State.MIGRATING;
                flyway.get().migrate();
                finish();
                LOG.info("database schema migrated");
                return;
            } catch (RuntimeException e) {
                boolean unreachable = unreachable(e);
                state = unreachable ? State.WAITING_FOR_POSTGRESQL : State.FAILED;
                if (unreachable) {
                    LOG.warnf("schema migration waits for PostgreSQL (next try in %d ms): %s", pause, e.getMessage());
                } else {
                    LOG.errorf(e, "schema migration failed (next try in %d ms)", pause);
                }
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException stopping) {
                return;
            }
            pause = Math.min(pause * 2, LONGEST_PAUSE_MS);
        }
    }

    private void finish() {
        state = State.MIGRATED;
        done.complete(null);
    }

    /** PostgreSQL not reachable (refused, reset, or a connection-class SQL state), as opposed to a broken migration. */
    static boolean unreachable(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConnectException) {
                return true;
            }
            if (cause instanceof SQLException sql
                    && sql.getSQLState() != null
                    && sql.getSQLState().startsWith("08")) {
                return true;
            }
        }
        return false;
    }

    /** The schema was not migrated within the wait: the caller answers 503, as for PostgreSQL down. */
    public static final class SchemaNotReadyException extends RuntimeException {

        SchemaNotReadyException(State state) {
            super("the database schema is not migrated yet (" + state.label() + ")", null, false, false);
        }
    }
}
