package dev.sessions.auth.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import dev.sessions.contract.redis.RedisKeys;

/**
 * The session-registry of a test run: a {@link FakeRegistry} in this JVM on a free port, wired to the same Redis (from
 * the environment), a fresh internal token and revocation channel, and the JWKS of the auth-service under test, whose
 * port is fixed here for that reason.
 */
public class RegistryTestResource implements QuarkusTestResourceLifecycleManager {

    /** Password of the bootstrap administrator of every test run. */
    public static final String ADMIN_PASSWORD = "bootstrap-admin-password";

    /** The key prefix of these tests on a cluster: another than the registry's tests, as the database is one. */
    public static final String CLUSTER_KEY_PREFIX = "test-auth:";

    private FakeRegistry registry;

    @Override
    public Map<String, String> start() {
        int appPort = freePort();
        String run = UUID.randomUUID().toString().substring(0, 8);
        String internalToken = randomBase64(32);
        String channel = "revocations-auth-test-" + run;
        String cluster = System.getenv("TEST_REDIS_CLUSTER");
        boolean onCluster = cluster != null && !cluster.isBlank();
        // a one-node cluster (all slots on the seed) makes a command whose keys span slots fail; database 0 only there,
        // so these tests' keys carry a prefix of their own, one per test JVM
        String redisUrl = onCluster ? cluster.strip() : ForkStores.redisUrl();
        String keyPrefix = onCluster ? ForkStores.clusterKeyPrefix(CLUSTER_KEY_PREFIX) : "";
        ForkStores.createDatabase();

        registry = new FakeRegistry(
                internalToken,
                channel,
                redisUrl,
                "http://127.0.0.1:" + appPort + "/auth/jwks.json",
                new RedisKeys(keyPrefix));
        String registryUrl = registry.start();

        Map<String, String> config = new HashMap<>();
        config.put("quarkus.http.test-port", Integer.toString(appPort));
        config.put("quarkus.rest-client.session-registry.url", registryUrl);
        config.put("internal.api-token", internalToken);
        config.put("auth.revocation.channel", channel);
        if (onCluster) {
            config.put("quarkus.redis.client-type", "cluster");
            config.put("quarkus.redis.hosts", redisUrl);
            config.put("auth.redis.key-prefix", keyPrefix);
        }
        config.put("auth.signing.private-key", TestKeys.pem("signing-key.pem"));
        config.put("auth.refresh.secret", randomBase64(32));
        config.put("auth.mfa.encryption-key", randomBase64(32));
        config.put("auth.bootstrap-admin.email", "admin-" + run + "@bootstrap.example");
        config.put("auth.bootstrap-admin.password", ADMIN_PASSWORD);
        return config;
    }

    @Override
    public void stop() {
        if (registry != null) {
            registry.stop();
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String randomBase64(int bytes) {
        byte[] random = new byte[bytes];
        new SecureRandom().nextBytes(random);
        return Base64.getEncoder().encodeToString(random);
    }
}
