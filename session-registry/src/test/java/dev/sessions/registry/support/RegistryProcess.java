package dev.sessions.registry.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;

import dev.sessions.testing.TcpProxy;

import static org.awaitility.Awaitility.await;

/** One instance of the built registry ({@code target/quarkus-app/quarkus-run.jar}) running as its own process. */
public final class RegistryProcess implements AutoCloseable {

    private final String name;
    private final int port;
    private final Process process;

    private RegistryProcess(String name, int port, Process process) {
        this.name = name;
        this.port = port;
        this.process = process;
    }

    /** Starts an instance with the given environment on top of the caller's. */
    public static RegistryProcess start(String name, Map<String, String> environment) {
        return startWithout(name, environment);
    }

    /** Starts an instance with the given environment on top of the caller's, less the named variables. */
    public static RegistryProcess startWithout(String name, Map<String, String> environment, String... removed) {
        return startOnPort(name, TcpProxy.freePort(), environment, removed);
    }

    /**
     * Starts an instance listening on {@code port} (a restarted instance keeps its port, and so its default outbox
     * consumer name), with the given environment on top of the caller's, less the named variables.
     */
    public static RegistryProcess startOnPort(
            String name, int port, Map<String, String> environment, String... removed) {
        return launch(name, port, environment, List.of(removed), List.of());
    }

    /** Runs the built registry with program arguments (a command such as {@code migrate-redis}), on a free port. */
    public static RegistryProcess command(String name, Map<String, String> environment, String... arguments) {
        return launch(name, TcpProxy.freePort(), environment, List.of(), List.of(arguments));
    }

    private static RegistryProcess launch(
            String name, int port, Map<String, String> environment, List<String> removed, List<String> arguments) {
        Path jar = Path.of("target", "quarkus-app", "quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException("build the registry first (mvn package): " + jar.toAbsolutePath());
        }
        try {
            Path logs = Files.createDirectories(Path.of("target", "it-logs"));
            ProcessBuilder builder = new ProcessBuilder(
                            Path.of(System.getProperty("java.home"), "bin", "java")
                                    .toString(),
                            "-Xmx256m",
                            // short-lived instances on a machine the module tests keep busy: C2's warm-up would
                            // cost more CPU than it gives back in the seconds each one lives
                            "-XX:TieredStopAtLevel=1",
                            "-XX:+UseSerialGC",
                            "-jar",
                            jar.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(logs.resolve(name + ".log").toFile());
            builder.command().addAll(arguments);
            builder.environment().putAll(environment);
            for (String variable : removed) {
                builder.environment().remove(variable);
            }
            builder.environment().put("QUARKUS_HTTP_PORT", Integer.toString(port));
            return new RegistryProcess(name, port, builder.start());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Waits until the instance reports ready. */
    public RegistryProcess awaitReady() {
        await().atMost(Duration.ofSeconds(180))
                .pollInterval(Duration.ofMillis(250))
                .ignoreExceptions()
                .until(() -> {
                    if (!process.isAlive()) {
                        throw new IllegalStateException(name + " exited; see target/it-logs/" + name + ".log");
                    }
                    return RestAssured.given().port(port).get("/q/health/ready").statusCode() == 200;
                });
        return this;
    }

    /** Waits for the process to end by itself; its exit code. */
    public int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException(name + " is still running after " + timeout);
        }
        return process.exitValue();
    }

    /** Sends SIGTERM, as Docker and Kubernetes do to stop a container, without waiting. */
    public void terminate() {
        process.destroy();
    }

    public RequestSpecification given() {
        return RestAssured.given().port(port);
    }

    public int port() {
        return port;
    }

    /** What the instance has logged so far. */
    public String log() {
        try {
            return Files.readString(Path.of("target", "it-logs", name + ".log"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether denylist answers come from the near-cache (true) or from Redis directly (false). */
    public boolean nearCacheLive() {
        return "near-cache"
                .equals(given().get("/q/health/ready")
                        .jsonPath()
                        .getString("checks.find { it.name == 'revocation-denylist' }.data.answers"));
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
