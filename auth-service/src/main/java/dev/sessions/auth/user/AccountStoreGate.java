package dev.sessions.auth.user;

import java.time.Duration;

import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Response;

import io.smallrye.mutiny.Uni;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import dev.sessions.auth.config.AuthConfig;
import dev.sessions.auth.error.Problems;

/**
 * Holds a request to an {@link AccountStore} endpoint until the database schema is migrated and the bootstrap
 * administrator exists (ADR 17), for at most {@code auth.user-store.timeout}, then answers 503 as for PostgreSQL
 * down. After that this is one volatile read; refresh and sign-out never wait (they do not need PostgreSQL).
 */
public class AccountStoreGate {

    private static final String NOT_READY = "The user store is not ready yet; try again shortly.";

    private final BootstrapAdmin accounts;
    private final Duration wait;

    AccountStoreGate(BootstrapAdmin accounts, AuthConfig config) {
        this.accounts = accounts;
        this.wait = config.userStore().timeout();
    }

    @ServerRequestFilter
    Uni<Response> awaitSchema(ResourceInfo resource) {
        if (accounts.isReady() || !needsAccounts(resource)) {
            return Uni.createFrom().nullItem();
        }
        return accounts.ready(wait)
                .replaceWith((Response) null)
                .onFailure()
                .recoverWithItem(
                        failure -> Problems.unavailableRetryAfter(NOT_READY, 1).toResponse());
    }

    private static boolean needsAccounts(ResourceInfo resource) {
        return resource.getResourceMethod() != null
                && (resource.getResourceMethod().isAnnotationPresent(AccountStore.class)
                        || resource.getResourceClass().isAnnotationPresent(AccountStore.class));
    }
}
