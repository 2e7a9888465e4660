package dev.sessions.registry.session;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import jakarta.inject.Inject;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.sessions.contract.redis.RedisKeys;
import dev.sessions.registry.support.Api;
import dev.sessions.registry.support.TestEnvironment;
import dev.sessions.registry.support.Tokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The sweeper ends sessions at their deadline, with the reason the deadline came from (sweeps every second here). */
@QuarkusTest
@WithTestResource(value = TestEnvironment.class, scope = TestResourceScope.GLOBAL)
class ExpirySweeperTest {

    @Inject
    RedisDataSource redis;

    @Inject
    RedisKeys keys;

    @BeforeEach
    void warmUp() {
        // the deadlines below are seconds away: the first request of a cold test JVM must not eat them
        Api.open(Api.newUserId(), Api.CHROME_WINDOWS, "81.2.69.142");
    }

    @Test
    void idleSessionEndsWithReasonIdle() {
        String uid = Api.newUserId();
        String sid = Api.open(
                uid,
                Api.CHROME_WINDOWS,
                "81.2.69.142",
                false,
                Instant.now().plusSeconds(5),
                Instant.now().plus(30, ChronoUnit.DAYS));
        String token = Tokens.user(uid, sid);
        Api.bearer(token).get("/check").then().statusCode(204);

        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> Api.bearer(token).get("/check").then().statusCode(401));

        assertThat(redis.key().exists(keys.session(sid))).isFalse();
        assertThat(redis.value(String.class).get(keys.revoked(sid))).isEqualTo("IDLE");
        JsonPath expired = lastEvent(uid);
        assertThat(expired.getString("type")).isEqualTo("EXPIRED");
        assertThat(expired.getString("reason")).isEqualTo("IDLE");
        assertThat(expired.getString("actor.type")).isEqualTo("SYSTEM");
        assertThat(expired.getString("actor.id")).isNull();
        assertThat(expired.getString("sessionId")).isEqualTo(sid);
    }

    @Test
    void sessionAtItsMaximumLifetimeEndsWithReasonMaxLifetime() {
        String uid = Api.newUserId();
        Instant max = Instant.now().plusSeconds(5);
        String sid = Api.open(uid, Api.CHROME_WINDOWS, "81.2.69.142", true, max, max);
        String token = Tokens.user(uid, sid);

        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> Api.bearer(token).get("/check").then().statusCode(401));

        JsonPath expired = lastEvent(uid);
        assertThat(expired.getString("type")).isEqualTo("EXPIRED");
        assertThat(expired.getString("reason")).isEqualTo("MAX_LIFETIME");
    }

    @Test
    void refreshedSessionIsNotSwept() {
        String uid = Api.newUserId();
        String sid = Api.open(
                uid,
                Api.CHROME_WINDOWS,
                "81.2.69.142",
                false,
                Instant.now().plusSeconds(5),
                Instant.now().plus(30, ChronoUnit.DAYS));
        Api.internal()
                .body(Map.of(
                        "expiresAt", Instant.now().plus(1, ChronoUnit.HOURS).toString()))
                .post("/internal/sessions/" + sid + "/refresh")
                .then()
                .statusCode(200);
        String token = Tokens.user(uid, sid);

        await().during(Duration.ofSeconds(7))
                .atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> Api.bearer(token).get("/check").then().statusCode(204));
    }

    private static JsonPath lastEvent(String uid) {
        String adminId = Api.newUserId();
        String admin = Tokens.admin(adminId, Api.open(adminId, Api.CHROME_WINDOWS, "81.2.69.142"));
        JsonPath page = await().atMost(Duration.ofSeconds(20))
                .until(
                        () -> Api.bearer(admin)
                                .get("/admin/users/" + uid + "/history")
                                .then()
                                .statusCode(200)
                                .extract()
                                .jsonPath(),
                        json -> json.getList("events").size() == 2);
        return page.setRootPath("events[0]");
    }
}
