package dev.sessions.auth.support;

import java.util.Map;
import java.util.Set;

import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Points a second test JVM at its own stores ({@link ForkStores}); above the environment (300), below what a test
 * resource sets (a {@link TcpLinkResource} in front of this fork's stores).
 */
public class ForkConfigSource implements ConfigSource {

    private final Map<String, String> values = ForkStores.ownStores()
            ? Map.of(
                    "quarkus.redis.hosts", ForkStores.redisUrl(),
                    "quarkus.datasource.reactive.url", ForkStores.reactiveUrl(),
                    "quarkus.datasource.jdbc.url", ForkStores.jdbcUrl())
            : Map.of();

    @Override
    public Set<String> getPropertyNames() {
        return values.keySet();
    }

    @Override
    public String getValue(String propertyName) {
        return values.get(propertyName);
    }

    @Override
    public String getName() {
        return "test-fork-stores";
    }

    @Override
    public int getOrdinal() {
        return 350;
    }
}
