package dev.sessions.registry.history;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

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
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

/** History: written through the Redis outbox into PostgreSQL, read newest first with a cursor. */
@QuarkusTest
@WithTestResource(value = TestEnvironment.class, scope = TestResourceScope.GLOBAL)
class HistoryTest {

    @Inject
    RedisDataSource redis;

    @Inject
    RedisKeys keys;

    @Test
    void sessionLifeIsRecordedWithActorsAddressesAndDevices() {
        String uid = Api.newUserId();
        String current = Api.open(uid, Api.CHROME_WINDOWS, "81.2.69.142");
        String other = Api.open(uid, Api.SAFARI_IPHONE, "81.2.69.142");
        Api.internal()
                .body(Map.of(
                        "ipAddress",
                        "8.8.8.8",
                        "expiresAt",
                        Instant.now().plus(1, ChronoUnit.DAYS).toString()))
                .post("/internal/sessions/" + other + "/refresh")
                .then()
                .statusCode(200);
        Api.bearer(Tokens.user(uid, current))
                .delete("/sessions/" + other)
                .then()
                .statusCode(204);

        String token = Tokens.user(uid, current);
        JsonPath page = await().atMost(Duration.ofSeconds(20))
                .until(
                        () -> Api.bearer(token)
                                .get("/sessions/history")
                                .then()
                                .statusCode(200)
                                .extract()
                                .jsonPath(),
                        json -> json.getList("events").size() == 4);

        assertThat(page.getList("events.type")).containsExactly("REVOKED", "ADDRESS_CHANGED", "SIGNED_IN", "SIGNED_IN");
        assertThat(page.getString("events[0].reason")).isEqualTo("USER_REVOKED");
        assertThat(page.getString("events[0].actor.type")).isEqualTo("USER");
        assertThat(page.getString("events[0].actor.id")).isEqualTo(uid);
        assertThat(page.getString("events[0].sessionId")).isEqualTo(other);
        assertThat(page.getString("events[0].ipAddress")).isEqualTo("8.8.8.8");
        assertThat(page.getString("events[0].device.os")).isEqualTo("iOS");
        assertThat(page.getString("events[1].actor.type")).isEqualTo("SYSTEM");
        assertThat(page.getString("events[1].actor.id")).isNull();
        assertThat(page.getString("events[1].location.city")).isEqualTo("Mountain View");
        assertThat(page.getString("events[3].location.country")).isEqualTo("United Kingdom");
        assertThat(page.getString("events[3].device.browser")).isEqualTo("Chrome");
        assertThat(page.getString("next")).isNull();
    }

    @Test
    void pagesFollowTheCursorWithoutGapsOrRepeats() {
        String uid = Api.newUserId();
        String current = Api.open(uid, Api.CHROME_WINDOWS, "81.2.69.142");
        for (int i = 0; i < 6; i++) {
            String sid = Api.open(uid, Api.CHROME_WINDOWS, "81.2.69.142");
            Api.bearer(Tokens.user(uid, current))
                    .delete("/sessions/" + sid)
                    .then()
                    .statusCode(204);
        }
        String token = Tokens.user(uid, current);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> Api.bearer(token)
                                .get("/sessions/history?limit=100")
                                .then()
                                .extract()
                                .jsonPath()
                                .getList("events")
                                .size()
                        == 13);
        List<String> all = Api.bearer(token)
                .get("/sessions/history?limit=100")
                .then()
                .extract()
                .jsonPath()
                .getList("events.id");

        List<String> paged = new ArrayList<>();
        String cursor = null;
        do {
            String url = "/sessions/history?limit=4" + (cursor == null ? "" : "&before=" + cursor);
            JsonPath page =
                    Api.bearer(token).get(url).then().statusCode(200).extract().jsonPath();
            paged.addAll(page.getList("events.id"));
            cursor = page.getString("next");
        } while (cursor != null);

        assertThat(paged).containsExactlyElementsOf(all).doesNotHaveDuplicates().hasSize(13);
    }

    @Test
    void eventsAppendedByAuthServiceAreStoredOnceWithDeviceAndLocationResolved() {
        String uid = Api.newUserId();
        String sid = Api.open(uid, Api.CHROME_WINDOWS, "81.2.69.142");
        String id = UUID.randomUUID().toString();
        Map<String, String> entry = Map.of(
                "id",
                id,
                "type",
                "SIGN_IN_FAILED",
                "at",
                Long.toString(System.currentTimeMillis()),
                "userId",
                uid,
                "actorType",
                "USER",
                "actorId",
                uid,
                "ip",
                "8.8.8.8",
                "ua",
                Api.SAFARI_IPHONE);
        redis.stream(String.class).xadd(keys.outbox(RedisKeys.bucketOfUser(uid)), entry);
        redis.stream(String.class).xadd(keys.outbox(RedisKeys.bucketOfUser(uid)), entry);

        String token = Tokens.user(uid, sid);
        JsonPath page = await().atMost(Duration.ofSeconds(20))
                .until(
                        () -> Api.bearer(token)
                                .get("/sessions/history")
                                .then()
                                .extract()
                                .jsonPath(),
                        json -> json.getList("events").size() >= 2);
        await().during(Duration.ofSeconds(2))
                .atMost(Duration.ofSeconds(5))
                .until(() -> Api.bearer(token)
                                .get("/sessions/history")
                                .then()
                                .extract()
                                .jsonPath()
                                .getList("events")
                                .size()
                        == 2);

        assertThat(page.getList("events.id")).contains(id);
        int failed = page.getList("events.type").indexOf("SIGN_IN_FAILED");
        assertThat(page.getString("events[" + failed + "].device.type")).isEqualTo("Smartphone");
        assertThat(page.getString("events[" + failed + "].location.city")).isEqualTo("Mountain View");
        assertThat(page.getString("events[" + failed + "].sessionId")).isNull();
    }

    @Test
    void entriesThisVersionCannotStoreAreKeptAsideAndDoNotStopTheDrain() {
        String uid = Api.newUserId();
        String sid = Api.open(uid, Api.CHROME_WINDOWS, "81.2.69.142");
        String unknown = UUID.randomUUID().toString();
        String later = UUID.randomUUID().toString();
        String at = Long.toString(System.currentTimeMillis());
        // a newer writer's event type, then an event this version knows
        redis.stream(String.class)
                .xadd(
                        keys.outbox(RedisKeys.bucketOfUser(uid)),
                        Map.of("id", unknown, "type", "SOMETHING_NEW", "at", at, "userId", uid, "actorType", "USER"));
        redis.stream(String.class)
                .xadd(
                        keys.outbox(RedisKeys.bucketOfUser(uid)),
                        Map.of("id", later, "type", "SIGN_IN_FAILED", "at", at, "userId", uid, "actorType", "USER"));

        String token = Tokens.user(uid, sid);
        await().atMost(Duration.ofSeconds(20))
                .until(
                        () -> Api.bearer(token)
                                .get("/sessions/history")
                                .then()
                                .extract()
                                .jsonPath()
                                .getList("events.id"),
                        ids -> ids.contains(later));
        assertThat(Api.bearer(token)
                        .get("/sessions/history")
                        .then()
                        .extract()
                        .jsonPath()
                        .getList("events.id"))
                .doesNotContain(unknown);
        List<Map<String, String>> kept = redis.stream(String.class)
                .xrange(keys.outboxDeadLetters(), io.quarkus.redis.datasource.stream.StreamRange.of("-", "+"))
                .stream()
                .map(m -> m.payload())
                .toList();
        assertThat(kept).anySatisfy(fields -> {
            assertThat(fields).containsEntry("id", unknown).containsEntry("type", "SOMETHING_NEW");
        });
        assertThat(redis.key().pttl(keys.outboxDeadLetters())).isPositive();
    }

    @Test
    void adminsReadAnyUsersHistory() {
        String uid = Api.newUserId();
        Api.open(uid, Api.CHROME_WINDOWS, "81.2.69.142");
        String adminId = Api.newUserId();
        String adminToken = Tokens.admin(adminId, Api.open(adminId, Api.CHROME_WINDOWS, "81.2.69.142"));

        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> Api.bearer(adminToken)
                        .get("/admin/users/" + uid + "/history")
                        .then()
                        .statusCode(200)
                        .body("events.type", contains("SIGNED_IN"))
                        .body("next", nullValue()));
        Api.bearer(Tokens.user(uid, Api.open(uid, Api.CHROME_WINDOWS, "81.2.69.142")))
                .get("/admin/users/" + uid + "/history")
                .then()
                .statusCode(403);
    }

    @Test
    void badPagingParametersAre400() {
        String uid = Api.newUserId();
        String token = Tokens.user(uid, Api.open(uid, Api.CHROME_WINDOWS, "81.2.69.142"));
        Api.bearer(token)
                .get("/sessions/history?limit=0")
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
        Api.bearer(token)
                .get("/sessions/history?limit=abc")
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
        Api.bearer(token)
                .get("/sessions/history?before=@@@")
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
        Api.bearer(token)
                .get("/sessions/history?before=bm90LWEtY3Vyc29y")
                .then()
                .statusCode(400)
                .body("detail", equalTo("before must be a cursor from a previous page or an ISO-8601 instant."));
    }

    @Test
    void instantsAndCursorsBeyondTheCalendarAre400() {
        String uid = Api.newUserId();
        String sid = Api.open(uid, Api.CHROME_WINDOWS, "81.2.69.142");
        String token = Tokens.user(uid, sid);
        String lastSecond = Long.toString(Instant.MAX.getEpochSecond());
        for (String before : List.of(
                "+1000000000-12-31T23:59:59Z",
                "-1000000000-01-01T00:00:00Z",
                "+10000-01-01T00:00:00Z",
                cursor(lastSecond + "~0~" + UUID.randomUUID()),
                cursor("-" + lastSecond + "~0~" + UUID.randomUUID()),
                cursor("99999999999999999999~0~" + UUID.randomUUID()),
                cursor("0~1000000000~" + UUID.randomUUID()))) {
            Api.bearer(token)
                    .queryParam("before", before)
                    .get("/sessions/history")
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json");
            Api.bearer(Tokens.admin(uid, sid))
                    .queryParam("before", before)
                    .get("/admin/users/" + uid + "/history")
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json");
        }
    }

    @Test
    void theLargestPageNumbersAndSizesAnswer200() {
        String uid = Api.newUserId();
        String sid = Api.open(uid, Api.CHROME_WINDOWS, "81.2.69.142");
        String max = Integer.toString(Integer.MAX_VALUE);
        Api.bearer(Tokens.user(uid, sid))
                .get("/sessions/history?limit=" + max)
                .then()
                .statusCode(200);
        Api.bearer(Tokens.admin(uid, sid))
                .get("/admin/users/" + uid + "/history?limit=" + max)
                .then()
                .statusCode(200);
        Api.bearer(Tokens.admin(uid, sid))
                .get("/admin/users/" + uid + "/sessions?page=" + max + "&size=" + max)
                .then()
                .statusCode(200)
                .body("size()", equalTo(0));
        Api.bearer(Tokens.admin(uid, sid))
                .get("/admin/users/" + uid + "/sessions?page=" + max)
                .then()
                .statusCode(200)
                .body("size()", equalTo(0));
    }

    private static String cursor(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
