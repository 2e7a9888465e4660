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

/**
 * The session-registry of a test run: a {@link FakeRegistry} in this JVM on a free port, wired to the same Redis (from
 * the environment), a fresh internal token and revocation channel, and the JWKS of the auth-service under test, whose
 * port is fixed here for that reason.
 */
public class RegistryTestResource implements QuarkusTestResourceLifecycleManager {

    /** Password of the bootstrap administrator of every test run. */
    public static final String ADMIN_PASSWORD = "bootstrap-admin-password";

    private FakeRegistry registry;

    @Override
    public Map<String, String> start() {
        int appPort = freePort();
        String run = UUID.randomUUID().toString().substring(0, 8);
        String internalToken = randomBase64(32);
        String channel = "revocations-auth-test-" + run;
        String redisUrl = ForkStores.redisUrl();
        ForkStores.createDatabase();

        registry =
                new FakeRegistry(internalToken, channel, redisUrl, "http://127.0.0.1:" + appPort + "/auth/jwks.json");
        String registryUrl = registry.start();

        Map<String, String> config = new HashMap<>();
        config.put("quarkus.http.test-port", Integer.toString(appPort));
        config.put("quarkus.rest-client.session-registry.url", registryUrl);
        config.put("internal.api-token", internalToken);
        config.put("auth.revocation.channel", channel);
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
