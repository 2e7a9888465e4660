package dev.sessions.auth.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.awaitility.Awaitility;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Runs the real session-registry ({@code session-registry/target/quarkus-app/quarkus-run.jar}) as a child process on a
 * free port, wired to this test run: the same PostgreSQL and Redis (from the environment), a fresh internal token and
 * revocation channel, and the JWKS of the auth-service under test, whose port is fixed here for that reason.
 */
public class RegistryTestResource implements QuarkusTestResourceLifecycleManager {

    /** Password of the bootstrap administrator of every test run. */
    public static final String ADMIN_PASSWORD = "bootstrap-admin-password";

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);

    private static boolean copied;

    private Process registry;

    @Override
    public Map<String, String> start() {
        int appPort = freePort();
        int registryPort = freePort();
        String run = UUID.randomUUID().toString().substring(0, 8);
        String internalToken = randomBase64(32);
        String channel = "revocations-auth-test-" + run;
        String registryUrl = "http://127.0.0.1:" + registryPort;

        Path jar = registryJar();
        Path log = Path.of("target", "session-registry-" + registryPort + ".log");
        ProcessBuilder builder = new ProcessBuilder(javaExecutable(), "-Xmx256m", "-XX:TieredStopAtLevel=1", "-jar",
                jar.toAbsolutePath().toString());
        builder.environment().put("QUARKUS_HTTP_PORT", Integer.toString(registryPort));
        builder.environment().put("QUARKUS_HTTP_HOST", "127.0.0.1");
        builder.environment().put("INTERNAL_API_TOKEN", internalToken);
        builder.environment().put("REGISTRY_JWKS_URL", "http://127.0.0.1:" + appPort + "/auth/jwks.json");
        builder.environment().put("REGISTRY_REVOCATION_CHANNEL", channel);
        builder.environment().put("REGISTRY_ISSUER", "session-backend");
        builder.redirectErrorStream(true).redirectOutput(log.toFile());
        try {
            registry = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start session-registry from " + jar, e);
        }
        awaitReady(registryUrl, log);

        Map<String, String> config = new HashMap<>();
        config.put("quarkus.http.test-port", Integer.toString(appPort));
        config.put("quarkus.rest-client.session-registry.url", registryUrl);
        config.put("internal.api-token", internalToken);
        config.put("auth.revocation.channel", channel);
        config.put("auth.signing.private-key", TestKeys.pem("signing-key.pem"));
        config.put("auth.refresh.secret", randomBase64(32));
        config.put("auth.bootstrap-admin.email", "admin-" + run + "@bootstrap.example");
        config.put("auth.bootstrap-admin.password", ADMIN_PASSWORD);
        return config;
    }

    @Override
    public void stop() {
        if (registry == null) {
            return;
        }
        registry.destroy();
        try {
            if (!registry.waitFor(20, TimeUnit.SECONDS)) {
                registry.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            registry.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private void awaitReady(String registryUrl, Path log) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest ready = HttpRequest.newBuilder(URI.create(registryUrl + "/q/health/ready"))
                .timeout(Duration.ofSeconds(5)).build();
        try {
            Awaitility.await("session-registry ready (log: " + log + ")")
                    .atMost(READY_TIMEOUT)
                    .pollInterval(Duration.ofMillis(200))
                    .ignoreExceptionsInstanceOf(IOException.class)
                    .until(() -> {
                        if (!registry.isAlive()) {
                            throw new IllegalStateException("session-registry exited with " + registry.exitValue()
                                    + "; see " + log);
                        }
                        return http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
                    });
        } catch (RuntimeException e) {
            stop();
            throw e;
        }
    }

    /**
     * A private copy of the registry's build, taken once per test JVM, so that a rebuild of session-registry while
     * these tests run cannot pull files from under a starting registry.
     */
    private static synchronized Path registryJar() {
        Path copy = Path.of("target", "session-registry-app");
        if (copied) {
            return copy.resolve("quarkus-run.jar");
        }
        Path built = Path.of("..", "session-registry", "target", "quarkus-app");
        if (!Files.exists(built.resolve("quarkus-run.jar"))) {
            throw new IllegalStateException("session-registry is not built: run "
                    + "'./mvnw -B -pl session-registry -DskipTests package' (the reactor builds it before auth-service)");
        }
        try {
            if (Files.exists(copy)) {
                try (Stream<Path> old = Files.walk(copy)) {
                    old.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
                }
            }
            try (Stream<Path> files = Files.walk(built)) {
                for (Path source : files.toList()) {
                    Path target = copy.resolve(built.relativize(source).toString());
                    if (Files.isDirectory(source)) {
                        Files.createDirectories(target);
                    } else {
                        Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy the session-registry build", e);
        }
        copied = true;
        return copy.resolve("quarkus-run.jar");
    }

    private static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
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
