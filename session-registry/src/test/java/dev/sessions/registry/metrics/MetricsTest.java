package dev.sessions.registry.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

import dev.sessions.contract.history.EndReason;
import dev.sessions.contract.redis.RedisKeys;
import dev.sessions.registry.history.HistoryEvent;
import dev.sessions.registry.history.HistoryStore;
import dev.sessions.registry.session.SessionStore;
import dev.sessions.registry.support.Api;
import dev.sessions.registry.support.TestEnvironment;
import dev.sessions.registry.support.Tokens;
import dev.sessions.testing.PrometheusText;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The registry's metrics at /q/metrics: every contract name, and how each figure is computed. */
@QuarkusTest
@WithTestResource(value = TestEnvironment.class, scope = TestResourceScope.GLOBAL)
class MetricsTest {

    @Inject
    SessionStore sessions;

    @Inject
    HistoryStore history;

    @Inject
    RedisDataSource redis;

    @Inject
    RedisKeys keys;

    @Test
    void everyContractMetricIsServedWithEveryLabelValueFromTheStart() {
        PrometheusText scrape = scrape();

        assertThat(scrape.names())
                .contains(
                        "sessions_live",
                        "sessions_started_total",
                        "sessions_ended_total",
                        "check_requests_total",
                        "check_duration_seconds_bucket",
                        "check_duration_seconds_count",
                        "check_duration_seconds_sum",
                        "revocation_acknowledgement_seconds_bucket",
                        "revocation_acknowledgement_seconds_count",
                        "revocation_acknowledgements_missing_total",
                        "history_outbox_backlog",
                        "history_events_written_total");
        assertThat(scrape.type("sessions_live")).isEqualTo("gauge");
        assertThat(scrape.type("history_outbox_backlog")).isEqualTo("gauge");
        assertThat(scrape.type("check_duration_seconds")).isEqualTo("histogram");
        assertThat(scrape.type("revocation_acknowledgement_seconds")).isEqualTo("histogram");
        for (String result : List.of("allowed", "denied", "unavailable")) {
            assertThat(scrape.has("check_requests_total", Map.of("result", result)))
                    .as(result)
                    .isTrue();
        }
        for (EndReason reason : EndReason.values()) {
            assertThat(scrape.has(
                            "sessions_ended_total",
                            Map.of("kind", reason.kind().name().toLowerCase(Locale.ROOT), "reason", reason.name())))
                    .as(reason.name())
                    .isTrue();
        }
        assertThat(scrape.has("sessions_ended_total", Map.of("kind", "user", "reason", "SIGNED_OUT")))
                .isTrue();
        assertThat(scrape.samples("sessions_ended_total", Map.of())).hasSize(EndReason.values().length + 1);
    }

    @Test
    void jvmHttpRedisAndPostgresPoolMetricsAreServedToo() {
        Api.internal().get("/internal/sessions/" + UUID.randomUUID()).then().statusCode(404);
        PrometheusText scrape = scrape();

        assertThat(scrape.names())
                .contains(
                        "jvm_memory_used_bytes",
                        "jvm_gc_pause_seconds_count",
                        "http_server_requests_seconds_count",
                        "redis_commands_duration_seconds_count");
        assertThat(scrape.has("jvm_memory_used_bytes", Map.of("area", "heap"))).isTrue();
        assertThat(scrape.names().stream().filter(name -> name.startsWith("redis_pool_")))
                .as("redis_pool_* among %s", scrape.names())
                .isNotEmpty();
        assertThat(scrape.names().stream().filter(name -> name.startsWith("sql_pool_")))
                .as("sql_pool_* among %s", scrape.names())
                .isNotEmpty();
        // Flyway's JDBC pool is used once after the start: no metrics, so that the start does not create it
        assertThat(scrape.names().stream().filter(name -> name.startsWith("agroal_")))
                .as("agroal_* among %s", scrape.names())
                .isEmpty();
    }

    @Test
    void checksAreCountedByResultAndTimed() {
        String uid = Api.newUserId();
        String sid = Api.open(uid, Api.CHROME_WINDOWS, "81.2.69.142");
        PrometheusText before = scrape();

        Api.bearer(Tokens.user(uid, sid)).get("/check").then().statusCode(204);
        RestAssured.get("/check").then().statusCode(401);
        Api.bearer("not-a-jwt").get("/check").then().statusCode(401);

        PrometheusText after = scrape();
        assertThat(delta(before, after, "check_requests_total", Map.of("result", "allowed")))
                .isEqualTo(1);
        assertThat(delta(before, after, "check_requests_total", Map.of("result", "denied")))
                .isEqualTo(2);
        assertThat(delta(before, after, "check_requests_total", Map.of("result", "unavailable")))
                .isZero();
        assertThat(delta(before, after, "check_duration_seconds_count", Map.of()))
                .isEqualTo(3);
        assertThat(delta(before, after, "check_duration_seconds_bucket", Map.of("le", "+Inf")))
                .isEqualTo(3);
    }

    @Test
    void checkIsLeftOutOfTheHttpServerTimerWhichOtherRoutesKeep() {
        String uid = Api.newUserId();
        String sid = Api.open(uid, Api.CHROME_WINDOWS, "81.2.69.142");
        Api.bearer(Tokens.user(uid, sid)).get("/check").then().statusCode(204);
        Api.bearer(Tokens.user(uid, sid)).get("/sessions/current").then().statusCode(200);

        PrometheusText scrape = scrape();
        assertThat(scrape.has("http_server_requests_seconds_count", Map.of("uri", "/check")))
                .isFalse();
        assertThat(scrape.has("http_server_requests_seconds_count", Map.of("uri", "/sessions/current")))
                .isTrue();
    }

    @Test
    void sessionsStartedAndEndedAreCountedAsTheirEventsReachTheHistory() {
        PrometheusText before = scrape();
        String uid = Api.newUserId();
        String current = Api.open(uid, Api.CHROME_WINDOWS, "81.2.69.142");
        String other = Api.open(uid, Api.SAFARI_IPHONE, "81.2.69.142");
        Api.bearer(Tokens.user(uid, current))
                .delete("/sessions/" + other)
                .then()
                .statusCode(204);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            PrometheusText after = scrape();
            assertThat(delta(before, after, "sessions_started_total", Map.of())).isGreaterThanOrEqualTo(2);
            assertThat(delta(
                            before,
                            after,
                            "sessions_ended_total",
                            Map.of("kind", "user", "reason", EndReason.USER_REVOKED.name())))
                    .isGreaterThanOrEqualTo(1);
            assertThat(delta(before, after, "history_events_written_total", Map.of()))
                    .isGreaterThanOrEqualTo(3);
            // the revocation waited for this instance's own acknowledgement
            assertThat(delta(before, after, "revocation_acknowledgement_seconds_count", Map.of()))
                    .isGreaterThanOrEqualTo(1);
        });
        assertThat(delta(before, scrape(), "revocation_acknowledgements_missing_total", Map.of()))
                .isZero();
    }

    @Test
    void anEventStoredBeforeIsNotCountedAsWrittenAgain() {
        HistoryEvent event = new HistoryEvent(
                UUID.randomUUID(),
                Api.newUserId(),
                "s-" + UUID.randomUUID(),
                "SIGNED_OUT",
                null,
                Instant.now(),
                "USER",
                null,
                null,
                null,
                null,
                null,
                null);

        assertThat(history.insertAll(List.of(event)).await().indefinitely()).containsExactly(event);
        // a batch retried after its commit (the acknowledgement failed): nothing inserted, nothing counted
        assertThat(history.insertAll(List.of(event)).await().indefinitely()).isEmpty();
    }

    @Test
    void liveSessionsAreThoseOfTheExpiryIndexWhoseDeadlineIsAhead() {
        String ahead = "metrics-ahead-" + UUID.randomUUID();
        String past = "metrics-past-" + UUID.randomUUID();
        String index = keys.expiryIndex(RedisKeys.buckets().get(0));
        long before = sessions.liveCount().await().indefinitely();
        try {
            redis.sortedSet(String.class)
                    .zadd(index, Instant.now().plus(Duration.ofDays(1)).toEpochMilli(), ahead);
            redis.sortedSet(String.class)
                    .zadd(index, Instant.now().minus(Duration.ofDays(1)).toEpochMilli(), past);

            assertThat(sessions.liveCount().await().indefinitely()).isEqualTo(before + 1);
        } finally {
            redis.sortedSet(String.class).zrem(index, ahead, past);
        }
    }

    @Test
    void theSharedGaugesFollowRedis() {
        String uid = Api.newUserId();
        Api.open(uid, Api.CHROME_WINDOWS, "81.2.69.142");
        // a gauge that held its source weakly would read NaN once collected (the application runs in this JVM)
        System.gc();

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            PrometheusText scrape = scrape();
            assertThat(scrape.sum("sessions_live")).isGreaterThanOrEqualTo(1);
            assertThat(scrape.sum("history_outbox_backlog")).isGreaterThanOrEqualTo(0);
        });
    }

    private static PrometheusText scrape() {
        return PrometheusText.parse(
                RestAssured.get("/q/metrics").then().statusCode(200).extract().asString());
    }

    private static double delta(PrometheusText before, PrometheusText after, String name, Map<String, String> labels) {
        return after.sum(name, labels) - before.sum(name, labels);
    }
}
