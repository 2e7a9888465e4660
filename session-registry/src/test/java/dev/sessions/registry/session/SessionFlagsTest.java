package dev.sessions.registry.session;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import dev.sessions.contract.redis.RedisKeys;
import dev.sessions.registry.support.Api;
import dev.sessions.registry.support.TestEnvironment;
import dev.sessions.registry.support.Tokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Flags decided at sign-in from the user's own history (the fixtures place 81.2.69.142 in London by DB-IP's record,
 * 89.160.20.112 in Sweden some 5,000 km from it), answered to auth-service, on the session and on SIGNED_IN.
 */
@QuarkusTest
@WithTestResource(value = TestEnvironment.class, scope = TestResourceScope.GLOBAL)
class SessionFlagsTest {

    private static final String LONDON = "81.2.69.142";
    private static final String SWEDEN = "89.160.20.112";

    @Inject
    RedisDataSource redis;

    @Inject
    RedisKeys keys;

    @Test
    void signInsAreFlaggedAgainstTheUsersOwnHistory() {
        String uid = Api.newUserId();
        JsonPath first = open(uid, Api.CHROME_WINDOWS, LONDON);
        assertThat(first.getList("flags")).as("the account's first sign-in").isEmpty();
        assertThat(open(uid, Api.CHROME_WINDOWS, LONDON).getList("flags")).isEmpty();

        JsonPath phone = open(uid, Api.SAFARI_IPHONE, LONDON);
        assertThat(phone.getList("flags")).containsExactly("NEW_DEVICE");

        JsonPath sweden = open(uid, Api.CHROME_WINDOWS, SWEDEN);
        assertThat(sweden.getList("flags")).containsExactly("NEW_COUNTRY", "IMPOSSIBLE_TRAVEL");

        JsonPath nowhere = open(uid, Api.CHROME_WINDOWS, "127.0.0.1");
        assertThat(nowhere.getList("flags")).as("an unknown location").isEmpty();

        // another user's history is not this one's: their first sign-in from Sweden carries nothing
        assertThat(open(Api.newUserId(), Api.SAFARI_IPHONE, SWEDEN).getList("flags"))
                .isEmpty();

        String token = Tokens.user(uid, nowhere.getString("sessionId"));
        List<Map<String, Object>> sessions = Api.bearer(token)
                .get("/sessions")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("$");
        Map<String, Object> swedish = sessions.stream()
                .filter(s -> s.get("id").equals(sweden.getString("sessionId")))
                .findFirst()
                .orElseThrow();
        assertThat(swedish.get("flags")).isEqualTo(List.of("NEW_COUNTRY", "IMPOSSIBLE_TRAVEL"));
        assertThat(Api.bearer(token)
                        .get("/sessions/current")
                        .then()
                        .extract()
                        .jsonPath()
                        .getList("flags"))
                .isEmpty();

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            List<Map<String, Object>> signIns = Api.bearer(token)
                    .get("/sessions/history?limit=50")
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath()
                    .getList("events.findAll { it.type == 'SIGNED_IN' }");
            assertThat(signIns).hasSize(5);
            assertThat(signIns.get(1).get("flags")).isEqualTo(List.of("NEW_COUNTRY", "IMPOSSIBLE_TRAVEL"));
            assertThat(signIns.get(4).get("flags")).isEqualTo(List.of());
        });

        assertThat(redis.key().pttl(keys.signIns(uid))).isPositive();
    }

    private static JsonPath open(String uid, String userAgent, String ip) {
        Instant max = Instant.now().plus(30, ChronoUnit.DAYS);
        return Api.internal()
                .body(Map.of(
                        "userId",
                        uid,
                        "userAgent",
                        userAgent,
                        "ipAddress",
                        ip,
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
                .jsonPath();
    }
}
