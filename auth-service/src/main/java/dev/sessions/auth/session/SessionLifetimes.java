package dev.sessions.auth.session;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import dev.sessions.auth.config.AuthConfig;

/**
 * Session deadlines, decided here and handed to the registry: "remember me" lives until sign-in + max lifetime;
 * otherwise until the earlier of last refresh + idle timeout and sign-in + max lifetime.
 */
@ApplicationScoped
public class SessionLifetimes {

    private final AuthConfig.Session config;

    SessionLifetimes(AuthConfig config) {
        this.config = config.session();
    }

    /** The latest a session signed in at {@code createdAt} may live. */
    public Instant maxExpiresAt(Instant createdAt) {
        return createdAt.plus(config.maxLifetime());
    }

    /** When the session ends if nothing else happens after activity at {@code now}. */
    public Instant deadline(boolean rememberMe, Instant now, Instant maxExpiresAt) {
        if (rememberMe) {
            return maxExpiresAt;
        }
        Instant idle = now.plus(config.idleTimeout());
        return idle.isBefore(maxExpiresAt) ? idle : maxExpiresAt;
    }

    /** Most live sessions per user, 0 for no cap; the registry ends the least recently active beyond it. */
    public int maxSessionsPerUser() {
        return Math.max(0, config.maxPerUser());
    }
}
