package dev.sessions.registry.revocation;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.restassured.http.ContentType;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.sessions.contract.redis.RedisKeys;
import dev.sessions.registry.support.JwksServer;
import dev.sessions.registry.support.RegistryProcess;
import dev.sessions.registry.support.TestEnvironment;
import dev.sessions.registry.support.Tokens;
import dev.sessions.testing.TcpProxy;
import dev.sessions.testing.UserAgents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * Two real registry instances sharing Redis and PostgreSQL. Both reach PostgreSQL through a proxy the test can cut;
 * A reaches Redis through one the test can cut, B through one that can hold back what Redis sends it.
 */
class MultiInstanceIT {

    private static final String TOKEN = "it-internal-token-0123456789";

    private static JwksServer jwks;
    private static TcpProxy postgres;
    private static TcpProxy redisForA;
    private static TcpProxy redisForB;
    private static RegistryProcess a;
    private static RegistryProcess b;
    private static Vertx vertx;
    private static Redis redis;
    private static String redisUrl;
    private static String channel;
    private static Connection database;

    @BeforeAll
    static void startTwoInstances() {
        jwks = new JwksServer().start();
        URI pg = URI.create(env("QUARKUS_DATASOURCE_REACTIVE_URL", "postgresql://127.0.0.1:5432/sessions_test"));
        URI redisUri = URI.create(
                TestEnvironment.redisUrl().orElse("redis://127.0.0.1:6379/" + TestEnvironment.REDIS_DATABASE));
        postgres = new TcpProxy(pg.getHost(), pg.getPort() < 0 ? 5432 : pg.getPort()).open();
        redisForA = new TcpProxy(redisUri.getHost(), redisUri.getPort() < 0 ? 6379 : redisUri.getPort()).open();
        redisForB = new TcpProxy(redisUri.getHost(), redisUri.getPort() < 0 ? 6379 : redisUri.getPort()).open();

        Map<String, String> common = new HashMap<>();
        common.put("INTERNAL_API_TOKEN", TOKEN);
        common.put("REGISTRY_JWKS_URL", jwks.url());
        channel = "revocations-it-" + UUID.randomUUID();
        common.put("REGISTRY_REVOCATION_CHANNEL", channel);
        common.put("REGISTRY_REVOCATION_RESUBSCRIBE_DELAY", "200ms");
        // far above the delay the tests put on B's Redis replies, so that only a missing acknowledgement runs into it
        common.put("REGISTRY_REVOCATION_ACK_WAIT", "3s");
        // short, so that the tests of a stalled subscription do not wait long for it to run out
        common.put("REGISTRY_REVOCATION_LEASE", "1s");
        // the password of a Redis that ./stack started travels with the address
        String redisAuth = redisUri.getRawUserInfo() == null ? "" : redisUri.getRawUserInfo() + "@";
        common.put(
                "QUARKUS_REDIS_HOSTS", "redis://" + redisAuth + "127.0.0.1:" + redisForB.port() + redisUri.getPath());
        common.put("QUARKUS_DATASOURCE_REACTIVE_URL", "postgresql://127.0.0.1:" + postgres.port() + pg.getPath());
        Map<String, String> forA = new HashMap<>(common);
        forA.put("QUARKUS_REDIS_HOSTS", "redis://" + redisAuth + "127.0.0.1:" + redisForA.port() + redisUri.getPath());
        // one after the other: both migrate the schema at start, and Flyway makes the second wait for the first
        a = RegistryProcess.start("registry-a", forA).awaitReady();
        b = RegistryProcess.start("registry-b", common).awaitReady();
        await().atMost(Duration.ofSeconds(30)).until(() -> a.nearCacheLive() && b.nearCacheLive());

        vertx = Vertx.vertx();
        redisUrl = redisUri.toString();
        redis = Redis.createClient(vertx, redisUrl);
    }

    @AfterAll
    static void stopEverything() {
        for (AutoCloseable closeable : new AutoCloseable[] {a, b}) {
            try {
                if (closeable != null) {
                    closeable.close();
                }
            } catch (Exception ignored) {
                // best effort: the processes die with the JVM anyway
            }
        }
        if (postgres != null) {
            postgres.stop();
        }
        if (redisForA != null) {
            redisForA.stop();
        }
        if (redisForB != null) {
            redisForB.stop();
        }
        if (jwks != null) {
            jwks.stop();
        }
        if (vertx != null) {
            vertx.close();
        }
        if (database != null) {
            try {
                database.close();
            } catch (SQLException ignored) {
                // closing at the end of the run
            }
        }
    }

    @Test
    void revocationOnOneInstanceIsRefusedOnTheOtherAtOnce() {
        String uid = "u-" + UUID.randomUUID();
        String current = open(a, uid);
        for (int i = 0; i < 20; i++) {
            String victim = open(a, uid);
            String token = Tokens.user(uid, victim);
            b.given()
                    .header("Authorization", "Bearer " + token)
                    .get("/check")
                    .then()
                    .statusCode(204);

            a.given()
                    .header("Authorization", "Bearer " + Tokens.user(uid, current))
                    .delete("/sessions/" + victim)
                    .then()
                    .statusCode(204);

            b.given()
                    .header("Authorization", "Bearer " + token)
                    .get("/check")
                    .then()
                    .statusCode(401);
        }
        b.given()
                .header("Authorization", "Bearer " + Tokens.user(uid, current))
                .get("/check")
                .then()
                .statusCode(204);
    }

    @Test
    void aRevocationAnswersOnlyOnceAnInstanceThatHearsItLateHasAppliedIt() {
        String uid = "u-" + UUID.randomUUID();
        String current = open(a, uid);
        List<String> victims = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            victims.add(open(a, uid));
        }
        redisForB.delayReplies(Duration.ofMillis(150));
        try {
            for (String victim : victims) {
                String token = Tokens.user(uid, victim);
                b.given()
                        .header("Authorization", "Bearer " + token)
                        .get("/check")
                        .then()
                        .statusCode(204);

                a.given()
                        .header("Authorization", "Bearer " + Tokens.user(uid, current))
                        .delete("/sessions/" + victim)
                        .then()
                        .statusCode(204);

                b.given()
                        .header("Authorization", "Bearer " + token)
                        .get("/check")
                        .then()
                        .statusCode(401);
            }
            String others = open(a, uid);
            a.given()
                    .header("Authorization", "Bearer " + Tokens.user(uid, current))
                    .delete("/sessions?scope=others")
                    .then()
                    .statusCode(200)
                    .body("revoked", equalTo(1));
            b.given()
                    .header("Authorization", "Bearer " + Tokens.user(uid, others))
                    .get("/check")
                    .then()
                    .statusCode(401);
        } finally {
            redisForB.delayReplies(Duration.ZERO);
        }
    }

    @Test
    void aSubscriberThatNeverAcknowledgesCannotBlockARevocation() {
        String uid = "u-" + UUID.randomUUID();
        String current = open(a, uid);
        String victim = open(a, uid);
        Redis silent = Redis.createClient(vertx, redisUrl);
        try {
            RedisConnection listener = join(silent.connect());
            join(listener.send(Request.cmd(Command.SUBSCRIBE).arg(channel)));

            a.given()
                    .header("Authorization", "Bearer " + Tokens.user(uid, current))
                    .delete("/sessions/" + victim)
                    .then()
                    .statusCode(204);

            b.given()
                    .header("Authorization", "Bearer " + Tokens.user(uid, victim))
                    .get("/check")
                    .then()
                    .statusCode(401);
            a.given()
                    .header("Authorization", "Bearer " + Tokens.user(uid, current))
                    .get("/check")
                    .then()
                    .statusCode(204);
            assertThat(a.log()).contains("Revocation acknowledged by 2 of 3 subscribers");
        } finally {
            silent.close();
        }
    }

    @Test
    void aStalledSubscriptionStopsAnsweringFromMemoryBeforeARevocationAnswers() {
        String uid = "u-" + UUID.randomUUID();
        String current = open(a, uid);
        String victim = open(a, uid);
        String token = Tokens.user(uid, victim);
        b.given()
                .header("Authorization", "Bearer " + token)
                .get("/check")
                .then()
                .statusCode(204);

        // B's subscriber socket stays open but delivers nothing: B hears neither the revocation nor its own heartbeat
        redisForB.stallSubscribers(true);
        try {
            a.given()
                    .header("Authorization", "Bearer " + Tokens.user(uid, current))
                    .delete("/sessions/" + victim)
                    .then()
                    .statusCode(204);

            b.given()
                    .header("Authorization", "Bearer " + token)
                    .get("/check")
                    .then()
                    .statusCode(401);
            assertThat(a.log()).contains("no acknowledgement from").contains(":" + b.port() + "#");
            assertThat(b.nearCacheLive())
                    .as("B answers from Redis while its lease is lapsed")
                    .isFalse();
            assertThat(b.given().get("/q/health/ready").asString()).contains("lapsed");
            b.given()
                    .header("Authorization", "Bearer " + Tokens.user(uid, current))
                    .get("/check")
                    .then()
                    .statusCode(204);
        } finally {
            redisForB.stallSubscribers(false);
        }
        await().atMost(Duration.ofSeconds(30)).until(b::nearCacheLive);
        b.given()
                .header("Authorization", "Bearer " + token)
                .get("/check")
                .then()
                .statusCode(401);
        b.given()
                .header("Authorization", "Bearer " + Tokens.user(uid, current))
                .get("/check")
                .then()
                .statusCode(204);
    }

    @Test
    void aRevokerThatCannotHearAcknowledgementsAnswersOnlyOnceEveryLeaseHasRunOut() {
        String uid = "u-" + UUID.randomUUID();
        String current = open(a, uid);
        String victim = open(a, uid);
        String token = Tokens.user(uid, victim);
        b.given()
                .header("Authorization", "Bearer " + token)
                .get("/check")
                .then()
                .statusCode(204);

        // A's subscription is gone and cannot come back; B hears everything 150 ms late
        redisForA.stallSubscribers(true);
        redisForB.delayReplies(Duration.ofMillis(150));
        try {
            killSubscriberOf(a);
            await().atMost(Duration.ofSeconds(10)).until(() -> !a.nearCacheLive());

            a.given()
                    .header("Authorization", "Bearer " + Tokens.user(uid, current))
                    .delete("/sessions/" + victim)
                    .then()
                    .statusCode(204);

            b.given()
                    .header("Authorization", "Bearer " + token)
                    .get("/check")
                    .then()
                    .statusCode(401);
        } finally {
            redisForB.delayReplies(Duration.ZERO);
            redisForA.stallSubscribers(false);
        }
        await().atMost(Duration.ofSeconds(60)).until(a::nearCacheLive);
        a.given()
                .header("Authorization", "Bearer " + token)
                .get("/check")
                .then()
                .statusCode(401);
    }

    @Test
    void instancesAcknowledgeOnlyOnAnAcknowledgementChannel() {
        String elsewhere = "elsewhere-" + UUID.randomUUID();
        String replies = channel + ":acks:" + UUID.randomUUID();
        List<String> stray = new CopyOnWriteArrayList<>();
        List<String> acks = new CopyOnWriteArrayList<>();
        Redis listening = Redis.createClient(vertx, redisUrl);
        try {
            RedisConnection listener = join(listening.connect());
            listener.handler(message -> {
                if (message.size() == 3 && "message".equals(message.get(0).toString())) {
                    (elsewhere.equals(message.get(1).toString()) ? stray : acks)
                            .add(message.get(2).toString());
                }
            });
            join(listener.send(Request.cmd(Command.SUBSCRIBE).arg(elsewhere)));
            join(listener.send(Request.cmd(Command.SUBSCRIBE).arg(replies)));

            publish("{\"ack\":\"ack-stray\",\"to\":\"" + elsewhere + "\"}");
            int asked = publish("{\"ack\":\"ack-1\",\"to\":\"" + replies + "\"}");

            // each instance handles the channel in order: once both acknowledged the second request, they saw the first
            assertThat(asked).as("registry A and B").isEqualTo(2);
            await().atMost(Duration.ofSeconds(10)).until(() -> acks.size() == asked);
            // the id, then the acknowledging instance's name
            assertThat(acks).hasSize(asked).allMatch(ack -> ack.startsWith("ack-1 "));
            assertThat(stray).isEmpty();
        } finally {
            listening.close();
        }
    }

    @Test
    void aKilledSubscriptionNeverLetsARevokedSessionThrough() {
        String uid = "u-" + UUID.randomUUID();
        String current = open(a, uid);
        List<String> victims = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            victims.add(open(a, uid));
        }
        for (String victim : victims) {
            b.given()
                    .header("Authorization", "Bearer " + Tokens.user(uid, victim))
                    .get("/check")
                    .then()
                    .statusCode(204);
        }

        killSubscriberOf(b);
        a.given()
                .header("Authorization", "Bearer " + Tokens.user(uid, current))
                .delete("/sessions/" + victims.get(0))
                .then()
                .statusCode(204);
        b.given()
                .header("Authorization", "Bearer " + Tokens.user(uid, victims.get(0)))
                .get("/check")
                .then()
                .statusCode(401);

        await().atMost(Duration.ofSeconds(20)).until(b::nearCacheLive);
        a.given()
                .header("Authorization", "Bearer " + Tokens.user(uid, current))
                .delete("/sessions/" + victims.get(1))
                .then()
                .statusCode(204);
        b.given()
                .header("Authorization", "Bearer " + Tokens.user(uid, victims.get(0)))
                .get("/check")
                .then()
                .statusCode(401);
        b.given()
                .header("Authorization", "Bearer " + Tokens.user(uid, victims.get(1)))
                .get("/check")
                .then()
                .statusCode(401);
        b.given()
                .header("Authorization", "Bearer " + Tokens.user(uid, victims.get(2)))
                .get("/check")
                .then()
                .statusCode(204);
    }

    @Test
    void withoutRedisTheCheckAnswers503NeverAllowing() {
        String uid = "u-" + UUID.randomUUID();
        String sid = open(b, uid);
        String token = Tokens.user(uid, sid);
        a.given()
                .header("Authorization", "Bearer " + token)
                .get("/check")
                .then()
                .statusCode(204);

        redisForA.cut();
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> !a.nearCacheLive());
            a.given()
                    .header("Authorization", "Bearer " + token)
                    .get("/check")
                    .then()
                    .statusCode(503)
                    .contentType("application/problem+json");
            b.given()
                    .header("Authorization", "Bearer " + token)
                    .delete("/sessions/" + sid)
                    .then()
                    .statusCode(204);
            a.given()
                    .header("Authorization", "Bearer " + token)
                    .get("/check")
                    .then()
                    .statusCode(503);
        } finally {
            redisForA.open();
        }
        await().atMost(Duration.ofSeconds(60)).until(a::nearCacheLive);
        a.given()
                .header("Authorization", "Bearer " + token)
                .get("/check")
                .then()
                .statusCode(401);
    }

    @Test
    void eventsOfRevocationsWhilePostgresIsDownAreAllStoredWhenItIsBack() throws SQLException {
        String uid = "u-" + UUID.randomUUID();
        String current = open(a, uid);
        List<String> sessions = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            sessions.add(open(b, uid));
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> count(uid, "SIGNED_IN") == 7);

        postgres.cut();
        try {
            for (String sid : sessions.subList(0, 3)) {
                b.given()
                        .header("Authorization", "Bearer " + Tokens.user(uid, current))
                        .delete("/sessions/" + sid)
                        .then()
                        .statusCode(204);
            }
            a.given()
                    .header("Authorization", "Bearer " + Tokens.user(uid, current))
                    .delete("/sessions?scope=others")
                    .then()
                    .statusCode(200)
                    .body("revoked", equalTo(3));
            a.given()
                    .header("Authorization", "Bearer " + Tokens.user(uid, current))
                    .get("/sessions")
                    .then()
                    .statusCode(200)
                    .body("size()", equalTo(1));
            assertThat(count(uid, "REVOKED")).isZero();
            a.given()
                    .header("Authorization", "Bearer " + Tokens.user(uid, current))
                    .get("/sessions/history")
                    .then()
                    .statusCode(503)
                    .contentType("application/problem+json")
                    .body("status", equalTo(503));
        } finally {
            postgres.open();
        }

        await().atMost(Duration.ofSeconds(60)).until(() -> count(uid, "REVOKED") == 6);
        a.given()
                .header("Authorization", "Bearer " + Tokens.user(uid, current))
                .get("/sessions/history?limit=100")
                .then()
                .statusCode(200)
                .body("events.size()", equalTo(13));
    }

    /**
     * B answers lists from memory once it has read one (ADR 22): every change made through A reaches B's list by its
     * announcement, a revocation before A answers it.
     */
    @Test
    void aListOnOneInstanceShowsWhatChangedThroughTheOther() {
        String uid = "u-" + UUID.randomUUID();
        String current = open(a, uid);
        String other = open(a, uid);
        String token = Tokens.user(uid, current);
        assertThat(listed(b, token)).extracting(session -> session.get("id")).containsExactly(current, other);

        String third = open(a, uid);
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(listed(b, token))
                        .extracting(session -> session.get("id"))
                        .contains(third));

        a.given()
                .header("Authorization", "Bearer " + TOKEN)
                .contentType(ContentType.JSON)
                .body(Map.of(
                        "ipAddress",
                        "8.8.8.8",
                        "expiresAt",
                        Instant.now().plus(2, ChronoUnit.HOURS).toString()))
                .post("/internal/sessions/" + other + "/refresh")
                .then()
                .statusCode(200);
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(
                        () -> assertThat(session(listed(b, token), other)).containsEntry("ipAddress", "8.8.8.8"));

        Object activityBefore = session(listed(b, token), third).get("lastActivityAt");
        a.given()
                .header("Authorization", "Bearer " + Tokens.user(uid, third))
                .get("/check")
                .then()
                .statusCode(204);
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(session(listed(b, token), third).get("lastActivityAt"))
                        .isNotEqualTo(activityBefore));

        a.given()
                .header("Authorization", "Bearer " + token)
                .delete("/sessions/" + third)
                .then()
                .statusCode(204);
        assertThat(listed(b, token)).extracting(session -> session.get("id")).containsExactly(current, other);
    }

    /**
     * What B keeps of a list is answered only while B's subscription, which would have announced any change, holds: a
     * change that was never announced shows on B's list once B has lost that subscription.
     */
    @Test
    void aListIsAnsweredFromMemoryOnlyWhileTheSubscriptionHolds() {
        String uid = "u-" + UUID.randomUUID();
        String current = open(a, uid);
        String token = Tokens.user(uid, current);
        String key = new RedisKeys("").session(current);
        AtomicInteger probes = new AtomicInteger();
        // B's first requests of the session record its activity, which is announced and drops what B read: until
        // that has passed, a read is not kept
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            listed(b, token);
            String probe = "192.0.2." + probes.incrementAndGet();
            join(redis.send(Request.cmd(Command.HSET).arg(key).arg("ip").arg(probe)));
            assertThat(session(listed(b, token), current))
                    .as("read from B's memory: the change was not announced")
                    .doesNotContainEntry("ipAddress", probe);
        });

        killSubscriberOf(b);
        String last = "192.0.2." + probes.get();
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(
                        () -> assertThat(session(listed(b, token), current)).containsEntry("ipAddress", last));
        await().atMost(Duration.ofSeconds(30)).until(b::nearCacheLive);
    }

    private static List<Map<String, Object>> listed(RegistryProcess instance, String token) {
        return instance.given()
                .header("Authorization", "Bearer " + token)
                .get("/sessions")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("$");
    }

    private static Map<String, Object> session(List<Map<String, Object>> listed, String sessionId) {
        return listed.stream()
                .filter(session -> sessionId.equals(session.get("id")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("session " + sessionId + " not listed: " + listed));
    }

    private static String open(RegistryProcess instance, String uid) {
        Instant max = Instant.now().plus(30, ChronoUnit.DAYS);
        return instance.given()
                .header("Authorization", "Bearer " + TOKEN)
                .contentType(ContentType.JSON)
                .body(Map.of(
                        "userId",
                        uid,
                        "userAgent",
                        UserAgents.FIREFOX_LINUX,
                        "ipAddress",
                        "81.2.69.142",
                        "rememberMe",
                        true,
                        "expiresAt",
                        max.toString(),
                        "maxExpiresAt",
                        max.toString()))
                .post("/internal/sessions")
                .then()
                .statusCode(201)
                .extract()
                .path("sessionId");
    }

    private static void killSubscriberOf(RegistryProcess instance) {
        RedisAPI api = RedisAPI.api(redis);
        Response clients = join(api.client(List.of("LIST", "TYPE", "pubsub")));
        String wanted = "name=registry-revocations-" + instance.port() + " ";
        String id = null;
        for (String line : clients.toString().split("\n")) {
            if (line.contains(wanted)) {
                id = line.substring(line.indexOf("id=") + 3, line.indexOf(' ', line.indexOf("id=")));
            }
        }
        assertThat(id).as("subscriber connection of %s", wanted).isNotNull();
        Response killed = join(redis.send(Request.cmd(Command.CLIENT)
                .arg("KILL")
                .arg("ID")
                .arg(id)
                .arg("TYPE")
                .arg("pubsub")));
        assertThat(killed.toInteger()).isEqualTo(1);
    }

    private static int publish(String message) {
        return join(redis.send(Request.cmd(Command.PUBLISH).arg(channel).arg(message)))
                .toInteger();
    }

    private static <T> T join(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static int count(String uid, String type) throws SQLException {
        if (database == null) {
            database = DriverManager.getConnection(
                    env("QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://127.0.0.1:5432/sessions_test"),
                    env("QUARKUS_DATASOURCE_USERNAME", "sessions"),
                    env("QUARKUS_DATASOURCE_PASSWORD", "sessions"));
        }
        try (PreparedStatement query = database.prepareStatement(
                "SELECT count(*) FROM registry.history_event WHERE user_id = ? AND type = ?")) {
            query.setString(1, uid);
            query.setString(2, type);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
