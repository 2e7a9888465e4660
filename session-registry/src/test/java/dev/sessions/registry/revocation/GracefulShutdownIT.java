package dev.sessions.registry.revocation;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import io.restassured.http.ContentType;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
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

/**
 * A registry stopped with SIGTERM while revocations wait for their acknowledgements: each call in flight answers; one
 * arriving while it stops answers, or is refused cleanly (a 503 problem, a refused connection, or a connection dropped
 * unread as the listener closes: then the revocation was not done and can be sent again); none fails with a 500 or
 * hangs; every revocation that answered stays effective on the other instance and reaches the history in PostgreSQL;
 * an open event stream ends instead of holding the stop.
 */
class GracefulShutdownIT {

    private static final String TOKEN = "it-internal-token-0123456789";
    private static final int IN_FLIGHT = 8;
    private static final int LATE = 8;

    private static JwksServer jwks;
    private static TcpProxy redisForB;
    private static RegistryProcess a;
    private static RegistryProcess b;
    private static Vertx vertx;
    private static Redis redis;
    private static Connection database;

    @BeforeAll
    static void startTwoInstances() {
        jwks = new JwksServer().start();
        URI redisUri = URI.create(
                TestEnvironment.redisUrl().orElse("redis://127.0.0.1:6379/" + TestEnvironment.REDIS_DATABASE));
        redisForB = new TcpProxy(redisUri.getHost(), redisUri.getPort() < 0 ? 6379 : redisUri.getPort()).open();
        Map<String, String> common = new HashMap<>();
        common.put("INTERNAL_API_TOKEN", TOKEN);
        common.put("REGISTRY_JWKS_URL", jwks.url());
        common.put("REGISTRY_REVOCATION_CHANNEL", "revocations-it-" + UUID.randomUUID());
        // B will not acknowledge: each revocation on A then waits this long, which is what keeps it in flight
        common.put("REGISTRY_REVOCATION_ACK_WAIT", "3s");
        common.put("REGISTRY_REVOCATION_LEASE", "1s");
        // this module's Redis database, not the caller's QUARKUS_REDIS_HOSTS (./stack test gives its module tests
        // database 1 and this module 5): A inherited the caller's and knew none of the sessions B opened
        common.put("QUARKUS_REDIS_HOSTS", redisUri.toString());
        Map<String, String> forB = new HashMap<>(common);
        String redisAuth = redisUri.getRawUserInfo() == null ? "" : redisUri.getRawUserInfo() + "@";
        forB.put("QUARKUS_REDIS_HOSTS", "redis://" + redisAuth + "127.0.0.1:" + redisForB.port() + redisUri.getPath());
        a = RegistryProcess.start("registry-stopped", common).awaitReady();
        b = RegistryProcess.start("registry-staying", forB).awaitReady();
        await().atMost(Duration.ofSeconds(30)).until(() -> a.nearCacheLive() && b.nearCacheLive());
        vertx = Vertx.vertx();
        redis = Redis.createClient(vertx, redisUri.toString());
    }

    @AfterAll
    static void stopEverything() throws SQLException {
        for (RegistryProcess instance : new RegistryProcess[] {a, b}) {
            if (instance != null) {
                instance.close();
            }
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
            database.close();
        }
    }

    @Test
    void revocationsInFlightAtSigtermAnswerAndStayEffective() throws Exception {
        String uid = "u-" + UUID.randomUUID();
        String current = open(uid);
        List<String> inFlight = new ArrayList<>();
        List<String> late = new ArrayList<>();
        for (int i = 0; i < IN_FLIGHT; i++) {
            inFlight.add(open(uid));
        }
        for (int i = 0; i < LATE; i++) {
            late.add(open(uid));
        }
        String bearer = "Bearer " + Tokens.user(uid, current);
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        ExecutorService callers = Executors.newFixedThreadPool(IN_FLIGHT + 2);
        try {
            // an event stream never ends by itself: it must not hold the stop until its timeout
            HttpRequest events = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + a.port() + "/sessions/events"))
                    .header("Authorization", bearer)
                    .header("Accept", "text/event-stream")
                    .build();
            HttpResponse<java.util.stream.Stream<String>> stream =
                    http.send(events, HttpResponse.BodyHandlers.ofLines());
            if (stream.statusCode() != 200) {
                throw new AssertionError("the event stream answered " + stream.statusCode() + " "
                        + stream.headers().map() + ": "
                        + stream.body().collect(java.util.stream.Collectors.joining("\n")));
            }
            CompletableFuture<Long> streamLines =
                    CompletableFuture.supplyAsync(() -> stream.body().count(), callers);
            redisForB.stallSubscribers(true);
            List<CompletableFuture<Outcome>> answers = new ArrayList<>();
            for (String sid : inFlight) {
                answers.add(CompletableFuture.supplyAsync(() -> revoke(http, bearer, sid), callers));
            }
            // every revocation is written and now waits for B's acknowledgement
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> inFlight.stream().allMatch(GracefulShutdownIT::revokedInRedis));

            a.terminate();
            // and more keep coming while it stops, one after the other, until it is gone
            CompletableFuture<List<Outcome>> lateAnswers = CompletableFuture.supplyAsync(
                    () -> late.stream().map(sid -> revoke(http, bearer, sid)).toList(), callers);

            assertThat(a.awaitExit(Duration.ofSeconds(30))).isNotNegative();
            assertThat(streamLines.get(10, TimeUnit.SECONDS))
                    .as("the stream ended")
                    .isPositive();
            List<Outcome> outcomes = new ArrayList<>();
            for (CompletableFuture<Outcome> answer : answers) {
                outcomes.add(answer.get(30, TimeUnit.SECONDS));
            }
            List<Outcome> lateOutcomes = lateAnswers.get(60, TimeUnit.SECONDS);

            assertThat(outcomes)
                    .as("revocations in flight when SIGTERM came")
                    .allSatisfy(outcome -> assertThat(outcome.status()).isEqualTo(204));
            // a late call either answered or got no answer but was not done: its client can safely try again
            for (int i = 0; i < LATE; i++) {
                Outcome outcome = lateOutcomes.get(i);
                assertThat(outcome.status()).as("late revocation %s", outcome).isIn(0, 204, 503);
                if (outcome.status() == 503) {
                    assertThat(outcome.contentType()).startsWith("application/problem+json");
                }
                if (outcome.status() != 204) {
                    assertThat(revokedInRedis(late.get(i)))
                            .as("late revocation %s was not done", outcome)
                            .isFalse();
                }
            }
            assertThat(a.log())
                    .doesNotContain("Timed out waiting for graceful shutdown")
                    .contains("All HTTP requests complete");

            redisForB.stallSubscribers(false);
            List<String> answered = new ArrayList<>(inFlight);
            for (int i = 0; i < LATE; i++) {
                if (lateOutcomes.get(i).status() == 204) {
                    answered.add(late.get(i));
                }
            }
            for (String sid : answered) {
                b.given()
                        .header("Authorization", "Bearer " + Tokens.user(uid, sid))
                        .get("/check")
                        .then()
                        .statusCode(401);
            }
            await().atMost(Duration.ofSeconds(60))
                    .untilAsserted(() -> assertThat(revokedInHistory(uid)).containsAll(answered));
        } finally {
            redisForB.stallSubscribers(false);
            callers.shutdownNow();
        }
    }

    /** An answer (status and media type), or status 0 and the failure of a call that got none. */
    record Outcome(int status, String contentType, String failure) {}

    private static Outcome revoke(HttpClient http, String bearer, String sid) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + a.port() + "/sessions/" + sid))
                .header("Authorization", bearer)
                .timeout(Duration.ofSeconds(20))
                .DELETE()
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Outcome(
                    response.statusCode(),
                    response.headers().firstValue("Content-Type").orElse(""),
                    null);
        } catch (IOException e) {
            return new Outcome(0, null, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(0, null, e.getClass().getName());
        }
    }

    private static boolean revokedInRedis(String sid) {
        return redis.send(Request.cmd(Command.EXISTS).arg(new RedisKeys("").revoked(sid)))
                        .toCompletionStage()
                        .toCompletableFuture()
                        .join()
                        .toInteger()
                == 1;
    }

    private static String open(String uid) {
        Instant max = Instant.now().plus(30, ChronoUnit.DAYS);
        return b.given()
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
                        false,
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

    /** The sessions of {@code uid} whose revocation is in the history. */
    private static List<String> revokedInHistory(String uid) throws SQLException {
        if (database == null) {
            database = DriverManager.getConnection(
                    env("QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://127.0.0.1:5432/sessions_test"),
                    env("QUARKUS_DATASOURCE_USERNAME", "sessions"),
                    env("QUARKUS_DATASOURCE_PASSWORD", "sessions"));
        }
        try (PreparedStatement query = database.prepareStatement(
                "SELECT session_id FROM registry.history_event WHERE user_id = ? AND type = 'REVOKED'")) {
            query.setString(1, uid);
            List<String> sessions = new ArrayList<>();
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    sessions.add(rows.getString(1));
                }
            }
            return sessions;
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
