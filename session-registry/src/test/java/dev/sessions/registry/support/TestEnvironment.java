package dev.sessions.registry.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

/**
 * What the registry under test needs beside PostgreSQL and Redis (which come from the environment): a JWKS endpoint,
 * location fixtures, its own revocation channel, the internal credential and short sweeps.
 */
public class TestEnvironment implements QuarkusTestResourceLifecycleManager {

    public static final String INTERNAL_TOKEN = "test-internal-token-0123456789";
    public static final String CHANNEL = "revocations-test-" + UUID.randomUUID();

    private static JwksServer jwks;

    /** The JWKS server of the running test application. */
    public static JwksServer jwks() {
        return jwks;
    }

    @Override
    public Map<String, String> start() {
        jwks = new JwksServer().start();
        Path geo = GeoFixtures.writeAll(Path.of("target", "geo-fixtures").toAbsolutePath());
        return Map.of(
                "registry.jwks-url", jwks.url(),
                "registry.revocation.channel", CHANNEL,
                "internal.api-token", INTERNAL_TOKEN,
                "registry.sweeper.interval", "1s",
                "registry.token.jwks-refetch-interval", "1s",
                "registry.geoip.database", GeoFixtures.dbipV4(geo) + "," + GeoFixtures.dbipV6(geo) + "," + GeoFixtures.geoip2City(geo));
    }

    @Override
    public void stop() {
        if (jwks != null) {
            jwks.stop();
        }
    }
}
