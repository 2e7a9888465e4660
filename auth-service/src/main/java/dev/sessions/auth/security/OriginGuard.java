package dev.sessions.auth.security;

import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.sessions.auth.config.AuthConfig;
import dev.sessions.auth.error.Problems;

/**
 * CSRF defence for requests that authenticate with the refresh cookie, on top of SameSite=Strict: an {@code Origin}
 * outside {@code auth.allowed-origins} (and {@code Origin: null} always) is refused; no {@code Origin} is a
 * non-browser client and passes.
 */
@ApplicationScoped
public class OriginGuard {

    private final Set<String> allowed;

    @Inject
    OriginGuard(AuthConfig config) {
        this(Set.copyOf(config.allowedOrigins()));
    }

    /** A guard allowing exactly these origins. */
    public OriginGuard(Set<String> allowedOrigins) {
        this.allowed = allowedOrigins.stream()
                .map(OriginGuard::canonical)
                .filter(origin -> !origin.isEmpty() && !"null".equals(origin))
                .collect(Collectors.toUnmodifiableSet());
    }

    /** Throws 403 unless the origin header is absent or allowed. */
    public void check(String origin) {
        if (origin == null) {
            return;
        }
        if (!allowed.contains(canonical(origin))) {
            throw Problems.forbidden("Requests from this origin may not use the refresh cookie.");
        }
    }

    private static String canonical(String origin) {
        String text = origin.trim().toLowerCase(Locale.ROOT);
        return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
    }
}
