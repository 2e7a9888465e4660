package dev.sessions.auth.health;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import dev.sessions.auth.config.AuthConfig;
import dev.sessions.contract.schema.SchemaMigration;

/**
 * Whether PostgreSQL answers, and so what the service can do. Always up: without PostgreSQL refresh, sign-out and the
 * revocation of sessions keep working (they need Redis and the registry, which have failing checks); only what reads
 * or writes accounts answers 503, which the data says. Taking the service out of rotation would turn those 503s into
 * the gateway's 502s and stop the refreshes too. The schema migration that runs beside the start (ADR 17) is reported
 * too; only a migration that failed for another reason than an unreachable PostgreSQL (a broken or changed migration)
 * says DOWN, so that the rollout of a bad version stops.
 */
@Readiness
@ApplicationScoped
public class UserStoreHealthCheck implements AsyncHealthCheck {

    static final String UNAVAILABLE =
            "sign-in, registration, password change and reset, two-factor changes, admin user list (503)";

    private final Pool pool;
    private final SchemaMigration schema;
    private final Duration timeout;
    private final AtomicBoolean probing = new AtomicBoolean();

    UserStoreHealthCheck(Pool pool, SchemaMigration schema, AuthConfig config) {
        this.pool = pool;
        this.schema = schema;
        this.timeout = config.health().timeout();
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        return postgresAnswers().map(reachable -> {
            SchemaMigration.State migration = schema.state();
            var response = HealthCheckResponse.named("user-store")
                    .status(migration != SchemaMigration.State.FAILED)
                    .withData("postgresql-reachable", reachable)
                    .withData("schema", migration.label());
            if (!reachable || migration != SchemaMigration.State.MIGRATED) {
                response.withData("unavailable", UNAVAILABLE);
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
