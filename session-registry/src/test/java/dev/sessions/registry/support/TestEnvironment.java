package dev.sessions.registry.support;

import java.net.URI;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * What the registry under test needs beside PostgreSQL and Redis (which come from the environment): a JWKS endpoint,
 * location fixtures, its own revocation channel, the internal credential and short sweeps.
 */
public class TestEnvironment implements QuarkusTestResourceLifecycleManager {

    public static final String INTERNAL_TOKEN = "test-internal-token-0123456789";
    public static final String INTROSPECTION_CLIENT = "reporting";
    public static final String INTROSPECTION_SECRET = "reporting-secret-0123456789";
    public static final String CHANNEL = "revocations-test-" + UUID.randomUUID();

    private static JwksServer jwks;

    /** The JWKS server of the running test application. */
    public static JwksServer jwks() {
        return jwks;
    }

    /**
     * The Redis database of these tests: another than auth-service's tests, whose registry sweeps the same keys; 5
     * unless {@code REGISTRY_TEST_REDIS_DB} names another, so that runs side by side do not drain each other's outbox.
     */
    public static final int REDIS_DATABASE =
            Integer.parseInt(System.getenv().getOrDefault("REGISTRY_TEST_REDIS_DB", "5"));

    @Override
    public Map<String, String> start() {
        jwks = new JwksServer().start();
        Path geo = GeoFixtures.writeAll(Path.of("target", "geo-fixtures").toAbsolutePath());
        Map<String, String> config = new HashMap<>(Map.of(
                "registry.jwks-url",
                jwks.url(),
                "registry.revocation.channel",
                CHANNEL,
                "internal.api-token",
                INTERNAL_TOKEN,
                "registry.sweeper.interval",
                "1s",
                "registry.token.jwks-refetch-interval",
                "1s",
                "registry.geoip.database",
                GeoFixtures.dbipV4(geo) + "," + GeoFixtures.dbipV6(geo) + "," + GeoFixtures.geoip2City(geo)));
        // a refresh due every second, and a fetch that waits long: a request that waited on a refresh would show it
        config.put("registry.token.jwks-refresh-interval", "1s");
        config.put("registry.token.jwks-timeout", "30s");
        // live event streams: a keep-alive comment every second and few streams per user, so tests see both
        config.put("registry.events.keep-alive", "1s");
        config.put("registry.events.max-per-user", "3");
        // the shared gauges read every second, so that tests see them follow Redis
        config.put("registry.metrics.gauge-interval", "1s");
        config.put(
                "registry.introspection.clients",
                INTROSPECTION_CLIENT + ":" + INTROSPECTION_SECRET + ",billing:billing-secret-0123456789");
        Optional<String> cluster = clusterUrl();
        if (cluster.isPresent()) {
            config.put("quarkus.redis.client-type", "cluster");
            config.put("quarkus.redis.hosts", cluster.get());
            config.put("registry.redis.key-prefix", CLUSTER_KEY_PREFIX);
        } else {
            redisUrl().ifPresent(url -> config.put("quarkus.redis.hosts", url));
        }
        return config;
    }

    /**
     * A Redis Cluster to run against instead ({@code TEST_REDIS_CLUSTER}, a seed node such as
     * {@code redis://127.0.0.1:7101}): a one-node cluster holding every slot is enough for a script or command whose
     * keys span slots to fail. A cluster has database 0 only: these tests' keys carry {@link #CLUSTER_KEY_PREFIX}.
     */
    public static Optional<String> clusterUrl() {
        String hosts = System.getenv("TEST_REDIS_CLUSTER");
        return hosts == null || hosts.isBlank() ? Optional.empty() : Optional.of(hosts.strip());
    }

    /** The key prefix of these tests on a cluster: another than auth-service's tests, as the database is on one. */
    public static final String CLUSTER_KEY_PREFIX = "test-registry:";

    /**
     * The Redis URL of the environment ({@code QUARKUS_REDIS_HOSTS}) with this module's database index; empty when
     * none is set, so that Dev Services can provide Redis.
     */
    public static Optional<String> redisUrl() {
        String hosts = System.getenv("QUARKUS_REDIS_HOSTS");
        if (hosts == null || hosts.isBlank()) {
            return Optional.empty();
        }
        URI uri = URI.create(hosts.split(",")[0].strip());
        return Optional.of(uri.getScheme() + "://" + (uri.getRawUserInfo() == null ? "" : uri.getRawUserInfo() + "@")
                + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort()) + "/" + REDIS_DATABASE);
    }

    @Override
    public void stop() {
        if (jwks != null) {
            jwks.stop();
        }
    }
}
