package dev.sessions.registry.security;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;

/** The shared service-to-service secret, under the contract's own name {@code internal.api-token}. */
@ConfigMapping(prefix = "internal")
public interface InternalApiConfig {

    /** Bearer secret of internal calls and {@code /introspect} (environment {@code INTERNAL_API_TOKEN}); required in prod. */
    Optional<String> apiToken();
}
