package dev.sessions.auth.user;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkiverse.resteasy.problem.HttpProblem;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;

import dev.sessions.auth.config.AuthConfig;

/** Creates the first administrator at start-up when {@code auth.bootstrap-admin.*} is set and the email is free. */
@ApplicationScoped
public class BootstrapAdmin {

    void onStart(@Observes StartupEvent event, AuthConfig config, UserService users) throws Throwable {
        if (config.bootstrapAdmin().email().isEmpty()
                || config.bootstrapAdmin().password().isEmpty()) {
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
        VertxContextSupport.subscribeAndAwait(() -> users.ensureAdmin(email, password));
    }
}
