package dev.sessions.e2e.chaos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import dev.sessions.e2e.E2eEnvironment;
import dev.sessions.e2e.GatewayClient;
import dev.sessions.e2e.GatewayClient.Answer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The fault scenarios of {@code ./stack chaos} on the cluster topology (3 masters + 3 replicas, two instances of each
 * service), each under load ({@link ChaosLoad}) and bounded: no accepted request for a session whose revocation
 * answered, on any instance; every history event of a call that answered 2xx in PostgreSQL exactly once; errors only
 * 503 and only between the fault and a few seconds after recovery. Skipped outside {@code ./stack chaos}
 * ({@code E2E_CHAOS=1}), so that the e2e suite is not slowed. Each scenario appends its figures to
 * {@code E2E_CHAOS_REPORT}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ChaosIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** After recovery: clients may still hold an answer of the failure (connections, retries in flight). */
    private static final long GRACE_MS = 3_000;
    /** Load after the window, which must see no error at all. */
    private static final long AFTER_MS = 8_000;

    private static final Duration RECOVERY = Duration.ofSeconds(90);
    private static final int USERS = 8;
    private static final int WORKERS = 3;

    private static ClusterControl cluster;
    private static List<String> registries;

    @BeforeAll
    static void onlyUnderStackChaos() {
        assumeTrue("1".equals(System.getenv("E2E_CHAOS")), "run by ./stack chaos only");
        cluster = new ClusterControl();
        registries = List.of(E2eEnvironment.required("E2E_CHAOS_REGISTRY_URLS").split(","));
        await().atMost(RECOVERY).until(() -> cluster.healthy() && subscriptionsLive());
    }

    /**
     * The first seed node, a master: every registry's subscriber is connected to it at start. The subscriptions must
     * be back while it is still dead (on another seed), before it is started again and rejoins as a replica.
     */
    @Test
    @Order(1)
    void killOfAMaster() {
        int port = cluster.ports().get(0);
        AtomicLong phase = new AtomicLong();
        int slot = cluster.nodes().stream()
                .filter(n -> n.port() == port)
                .findFirst()
                .orElseThrow()
                .slots()
                .get(0)[0];
        scenario("kill -9 of a master (first seed)", load -> cluster.killNode(port), load -> {
            if (phase.get() == 0 && cluster.promoted(slot, port)) {
                phase.set(1);
            }
            if (phase.get() == 1 && subscriptionsLive()) {
                cluster.restartNode(port);
                phase.set(2);
                return false;
            }
            return phase.get() == 2 && cluster.healthy() && subscriptionsLive();
        });
    }

    @Test
    @Order(2)
    void failoverOnAReplica() {
        int replica = cluster.nodes().stream()
                .filter(n -> !n.master())
                .findFirst()
                .orElseThrow()
                .port();
        scenario(
                "CLUSTER FAILOVER on a replica",
                load -> cluster.cli(replica, "CLUSTER", "FAILOVER"),
                load -> cluster.nodes().stream().anyMatch(n -> n.port() == replica && n.master()) && cluster.healthy());
    }

    @Test
    @Order(3)
    void reshardingASlotWithProductKeys() {
        AtomicLong done = new AtomicLong();
        scenario(
                "resharding one slot (a bucket under load)",
                load -> {
                    String sessionId = load.users().get(0).keeper().sessionId();
                    int slot = cluster.slotOf("{" + sessionId.substring(0, 2) + "}");
                    Thread mover = new Thread(() -> {
                        cluster.moveSlot(slot);
                        done.set(1);
                    });
                    mover.start();
                },
                load -> done.get() == 1 && cluster.healthy());
    }

    /** Revocations still answer (after the wait, naming the stopped instance); once resumed it refuses them. */
    @Test
    @Order(4)
    void stopOfARegistry() {
        String unit = "session-registry-2";
        String url = registries.get(1);
        long pid = cluster.registryPid(unit);
        AtomicLong stoppedAt = new AtomicLong();
        AtomicLong revocationsBefore = new AtomicLong();
        AtomicBoolean resumed = new AtomicBoolean();
        String port = url.substring(url.lastIndexOf(':') + 1);
        Figures figures = scenario(
                "kill -STOP of a registry (8 s)",
                load -> {
                    load.exclude(url);
                    revocationsBefore.set(load.revocations());
                    stoppedAt.set(System.nanoTime());
                    cluster.signal(pid, "STOP");
                },
                load -> {
                    if (!resumed.get()) {
                        if (System.nanoTime() - stoppedAt.get()
                                < Duration.ofSeconds(8).toNanos()) {
                            return false;
                        }
                        assertThat(load.revocations())
                                .as("revocations answered while an instance was stopped")
                                .isGreaterThan((int) revocationsBefore.get());
                        cluster.signal(pid, "CONT");
                        resumed.set(true);
                        load.include(url);
                        return false;
                    }
                    return ready(url) && subscriptionsLive();
                });
        assertThat(cluster.log("session-registry"))
                .as("the revoking instance's log names the one that did not acknowledge")
                .containsPattern("no acknowledgement from [^\\n]*:" + port + "#");
        assertThat(figures.slowestRevocationMillis()).isGreaterThanOrEqualTo(1_000);
    }

    /** Its pending outbox entries are claimed by the other instance; started again, it takes part as before. */
    @Test
    @Order(5)
    void killOfARegistryMidDrain() {
        String unit = "session-registry-2";
        String url = registries.get(1);
        AtomicLong killedAt = new AtomicLong();
        AtomicBoolean relaunched = new AtomicBoolean();
        ClusterControl.Launch launch = cluster.launchOf(cluster.registryPid(unit));
        scenario(
                "kill -9 of a registry mid-drain",
                load -> {
                    load.exclude(url);
                    killedAt.set(System.nanoTime());
                    cluster.signal(cluster.registryPid(unit), "KILL");
                },
                load -> {
                    if (!relaunched.get()) {
                        if (System.nanoTime() - killedAt.get()
                                < Duration.ofSeconds(5).toNanos()) {
                            return false;
                        }
                        cluster.relaunch(unit, launch);
                        relaunched.set(true);
                        return false;
                    }
                    if (!ready(url) || !subscriptionsLive()) {
                        return false;
                    }
                    load.include(url);
                    return true;
                });
    }

    /** Whatever a failed scenario left behind is undone, so that the next one starts on a healthy stack. */
    @AfterEach
    void heal() {
        for (int port : cluster.ports()) {
            if (!cluster.nodeRuns(port)) {
                cluster.restartNode(port);
            }
        }
        for (String unit : List.of("session-registry", "session-registry-2")) {
            cluster.signal(cluster.registryPid(unit), "CONT");
        }
        await().atMost(RECOVERY).until(() -> cluster.healthy() && subscriptionsLive());
    }

    interface Step {
        void run(ChaosLoad load);
    }

    interface Check {
        boolean done(ChaosLoad load);
    }

    record Figures(
            String name,
            long recoveryMillis,
            java.util.Map<String, Integer> statuses,
            long outsideWindow,
            int acceptedAfterRevocation,
            ChaosLoad.History history,
            int revocations,
            long slowestRevocationMillis) {}

    private static Figures scenario(String name, Step inject, Check recovered) {
        ChaosLoad load = new ChaosLoad(registries, USERS);
        load.start(WORKERS);
        try {
            await().atMost(RECOVERY).until(() -> load.revocations() >= 5);
            long injectedAt = load.millisSinceStart();
            inject.run(load);
            await().atMost(RECOVERY).pollInterval(Duration.ofMillis(250)).until(() -> recovered.done(load));
            long recoveredAt = load.millisSinceStart();
            int revocationsAtRecovery = load.revocations();
            await().atMost(RECOVERY)
                    .until(() -> load.millisSinceStart() > recoveredAt + GRACE_MS + AFTER_MS
                            && load.revocations() > revocationsAtRecovery);
            load.stop();
            ChaosLoad.History history = load.history(Duration.ofSeconds(60));
            long outside = load.serviceUnavailableAt().stream()
                    .filter(at -> at < injectedAt || at > recoveredAt + GRACE_MS)
                    .count();
            Figures figures = new Figures(
                    name,
                    recoveredAt - injectedAt,
                    load.statuses(),
                    outside,
                    load.acceptedAfterRevocation().size(),
                    history,
                    load.revocations(),
                    load.slowestRevocationMillis());
            report(figures);
            assertThat(load.acceptedAfterRevocation())
                    .as("requests accepted for a session whose revocation had answered")
                    .isEmpty();
            assertThat(load.unexpected())
                    .as("answers other than 2xx, 401 and 503")
                    .isEmpty();
            assertThat(load.serviceUnavailableOutside(injectedAt, recoveredAt + GRACE_MS))
                    .as("503s outside the failure window (%d to %d ms)", injectedAt, recoveredAt + GRACE_MS)
                    .isEmpty();
            assertThat(history.missing())
                    .as("history events of 2xx calls not in PostgreSQL")
                    .isEmpty();
            assertThat(history.doubled())
                    .as("history events in PostgreSQL more than once")
                    .isEmpty();
            return figures;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            try {
                load.stop();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void report(Figures f) {
        String line = String.format(
                "| %s | %.1f s | %s | %d | %d | %d / %d%s | %d | %d ms |%n",
                f.name(),
                f.recoveryMillis() / 1000.0,
                f.statuses(),
                f.outsideWindow(),
                f.acceptedAfterRevocation(),
                f.history().found(),
                f.history().expected(),
                f.history().doubled().isEmpty()
                        ? ""
                        : " (" + f.history().doubled().size() + " doubled)",
                f.revocations(),
                f.slowestRevocationMillis());
        System.out.print("chaos: " + line);
        String file = System.getenv("E2E_CHAOS_REPORT");
        if (file != null) {
            try {
                Files.writeString(Path.of(file), line, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static boolean ready(String registry) {
        try {
            return GatewayClient.send(GatewayClient.request(registry, "/q/health/ready")
                                    .timeout(Duration.ofSeconds(3))
                                    .GET()
                                    .build())
                            .status()
                    == 200;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Whether every registry instance's revocation subscription is live again (its readiness says so). */
    private static boolean subscriptionsLive() {
        for (String registry : registries) {
            try {
                Answer ready = GatewayClient.send(GatewayClient.request(registry, "/q/health/ready")
                        .timeout(Duration.ofSeconds(3))
                        .GET()
                        .build());
                JsonNode body = JSON.readTree(ready.body());
                boolean live = false;
                for (JsonNode check : body.path("checks")) {
                    if ("live".equals(check.path("data").path("subscription").asText())) {
                        live = true;
                    }
                }
                if (!live) {
                    return false;
                }
            } catch (IOException | RuntimeException e) {
                return false;
            }
        }
        return true;
    }
}
