package dev.sessions.auth.user;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkiverse.resteasy.problem.HttpProblem;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import org.jboss.logging.Logger;

import dev.sessions.auth.config.AuthConfig;
import dev.sessions.contract.schema.SchemaMigration;

/**
 * Creates the first administrator when {@code auth.bootstrap-admin.*} is set and the email is free, once the schema
 * is migrated (ADR 17). Invalid settings stop the start; a store that fails is tried again. Until the administrator
 * exists, {@link #ready(Duration)} holds the requests of {@link AccountStore} endpoints, so that the first sign-in
 * after a start finds the account.
 */
@ApplicationScoped
public class BootstrapAdmin {

    private static final Logger LOG = Logger.getLogger(BootstrapAdmin.class);
    private static final Duration FIRST_RETRY = Duration.ofMillis(500);
    private static final Duration LONGEST_RETRY = Duration.ofSeconds(30);

    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private final SchemaMigration schema;

    BootstrapAdmin(SchemaMigration schema) {
        this.schema = schema;
    }

    void onStart(@Observes StartupEvent event, AuthConfig config, UserService users) {
        if (config.bootstrapAdmin().email().isEmpty()
                || config.bootstrapAdmin().password().isEmpty()) {
            schema.migrated().subscribe().with(migrated -> done.complete(null));
            return;
        }
        String email;
        String password;
        try {
            email = UserRules.email(config.bootstrapAdmin().email().get());
            password = UserRules.newPassword(config.bootstrapAdmin().password().get(), "auth.bootstrap-admin.password");
        } catch (HttpProblem invalid) {
            throw new IllegalStateException("auth.bootstrap-admin is invalid: " + invalid.getDetail());
        }
        schema.migrated()
                .chain(() -> users.ensureAdmin(email, password))
                .onFailure()
                .invoke(failure -> LOG.warnf("the bootstrap administrator is not created yet: %s", failure.toString()))
                .onFailure()
                .retry()
                .withBackOff(FIRST_RETRY, LONGEST_RETRY)
                .indefinitely()
                .subscribe()
                .with(created -> done.complete(null));
    }

    /**
     * Completes once the schema is migrated and the bootstrap administrator exists (at once after that); fails after
     * {@code wait}.
     */
    public Uni<Void> ready(Duration wait) {
        return SchemaMigration.awaitDone(done, wait, () -> new TimeoutException("the user store is not ready yet"));
    }

    /** Whether {@link #ready(Duration)} completes at once. */
    public boolean isReady() {
        return done.isDone();
    }
}
