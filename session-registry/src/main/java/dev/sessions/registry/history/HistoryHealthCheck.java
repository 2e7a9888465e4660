package dev.sessions.registry.history;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import dev.sessions.contract.schema.SchemaMigration;
import dev.sessions.registry.config.RegistryConfig;
import dev.sessions.registry.history.OutboxConsumer.Backlog;

/**
 * Where history stands: whether PostgreSQL answers, whether the drain writes or events wait in the outbox, and how
 * many wait. Always up: without PostgreSQL the registry still does its main job (checks, sessions, revocations) and
 * history is written once it is back; only history pages answer 503. Redis reachability has its own check, which
 * does fail. The schema migration that runs beside the start (ADR 17) is reported too; only a migration that failed
 * for another reason than an unreachable PostgreSQL (a broken or changed migration) takes the instance out of
 * rotation, so that the rollout of a bad version stops.
 */
@Readiness
@ApplicationScoped
public class HistoryHealthCheck implements AsyncHealthCheck {

    private final Pool pool;
    private final SchemaMigration schema;
    private final OutboxConsumer outbox;
    private final OutboxDrain drain;
    private final Duration timeout;
    private final AtomicBoolean probing = new AtomicBoolean();

    HistoryHealthCheck(
            Pool pool, SchemaMigration schema, OutboxConsumer outbox, OutboxDrain drain, RegistryConfig config) {
        this.pool = pool;
        this.schema = schema;
        this.outbox = outbox;
        this.drain = drain;
        this.timeout = config.history().healthTimeout();
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        Uni<Boolean> postgres = postgresAnswers();
        // without Redis the backlog is unknown: the Redis check says why
        Uni<Backlog> backlog =
                outbox.backlog().ifNoItem().after(timeout).fail().onFailure().recoverWithNull();
        return Uni.combine().all().unis(postgres, backlog).with((reachable, waiting) -> {
            SchemaMigration.State migration = schema.state();
            HealthCheckResponseBuilder response = HealthCheckResponse.named("history")
                    .status(migration != SchemaMigration.State.FAILED)
                    .withData("postgresql-reachable", reachable)
                    .withData("schema", migration.label())
                    .withData(
                            "writes",
                            drain.waitingSince()
                                    .map(since -> "waiting since " + since)
                                    .orElse("flowing"))
                    .withData("consumer", outbox.name());
            if (waiting != null) {
                response.withData("outbox-backlog", waiting.entries())
                        .withData("outbox-unacknowledged", waiting.unacknowledged());
            }
            return response.build();
        });
    }

    private Uni<Boolean> postgresAnswers() {
        if (!probing.compareAndSet(false, true)) {
            // the last probe has not come back (PostgreSQL frozen): another would only hold one more pooled connection
            return Uni.createFrom().item(false);
        }
        CompletableFuture<Boolean> answered = new CompletableFuture<>();
        pool.query("SELECT 1")
                .execute()
                .subscribe()
                .with(
                        rows -> {
                            probing.set(false);
                            answered.complete(true);
                        },
                        failure -> {
                            probing.set(false);
                            answered.complete(false);
                        });
        return Uni.createFrom()
                .completionStage(answered)
                .ifNoItem()
                .after(timeout)
                .recoverWithItem(false);
    }
}
