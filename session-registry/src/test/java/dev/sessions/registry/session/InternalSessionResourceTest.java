package dev.sessions.registry.session;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import jakarta.inject.Inject;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import dev.sessions.contract.internal.ClientHints;
import dev.sessions.contract.redis.RedisKeys;
import dev.sessions.registry.support.Api;
import dev.sessions.registry.support.TestEnvironment;
import dev.sessions.registry.support.Tokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

/** The internal calls of docs/internal-api.md against real Redis. */
@QuarkusTest
@WithTestResource(value = TestEnvironment.class, scope = TestResourceScope.GLOBAL)
class InternalSessionResourceTest {

    @Inject
    RedisDataSource redis;

    @Inject
    RedisKeys keys;

    @Test
    void clientHintsAtSignInAndRefreshSayWhatTheReducedUserAgentHides() {
        String reduced = "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) "
                + "Chrome/120.0.0.0 Mobile Safari/537.36";
        Map<String, String> phoneHints = Map.of(
                "mobile", "?1", "platform", "\"Android\"", "platformVersion", "\"14.0.0\"", "model", "\"Pixel 8\"");
        String uid = Api.newUserId();
        String sid = Api.internal()
                .body(Map.of(
                        "userId",
                        uid,
                        "userAgent",
                        reduced,
                        "ipAddress",
                        "81.2.69.142",
                        "expiresAt",
                        Instant.now().plus(1, ChronoUnit.DAYS).toString(),
                        "maxExpiresAt",
                        Instant.now().plus(30, ChronoUnit.DAYS).toString(),
                        "clientHints",
                        phoneHints))
                .post("/internal/sessions")
                .then()
                .statusCode(201)
                .extract()
                .path("sessionId");
        String key = keys.session(sid);
        assertThat(redis.hash(String.class).hgetall(key))
                .containsEntry("dt", "Smartphone")
                .containsEntry("os", "Android")
                .containsEntry("osv", "14");

        Map<String, Object> refresh = Map.of(
                "expiresAt",
                Instant.now().plus(1, ChronoUnit.DAYS).toString(),
                "userAgent",
                reduced,
                "clientHints",
                Map.of("mobile", "?0", "platform", "\"Android\"", "model", "\"SM-X710\""));
        Api.internal()
                .body(refresh)
                .post("/internal/sessions/" + sid + "/refresh")
                .then()
                .statusCode(200);
        // what auth-service's next refresh compares to tell whether the device needs reading again (ADR 19)
        assertThat(redis.hash(String.class).hgetall(key))
                .containsEntry("dt", "Tablet")
                .containsEntry(
                        "dh",
                        ClientHints.digest(
                                reduced, new ClientHints(null, "?0", "\"Android\"", null, "\"SM-X710\"", null)));

        Api.internal()
                .body(Map.of("expiresAt", Instant.now().plus(1, ChronoUnit.DAYS).toString(), "userAgent", reduced))
                .post("/internal/sessions/" + sid + "/refresh")
                .then()
                .statusCode(200);
        assertThat(redis.hash(String.class).hgetall(key))
                .as("a refresh without hints keeps the device, and the digest of the headers it was read from")
                .containsEntry("dt", "Tablet")
                .containsEntry(
                        "dh",
                        ClientHints.digest(
                                reduced, new ClientHints(null, "?0", "\"Android\"", null, "\"SM-X710\"", null)));
    }

    @Test
    void openWritesSessionIndexesAndTtls() {
        String uid = Api.newUserId();
        Instant expires = Instant.now().plus(1, ChronoUnit.DAYS);
        Instant max = Instant.now().plus(30, ChronoUnit.DAYS);
        String sid = Api.internal()
                .body(Map.of(
                        "userId",
                        uid,
                        "userAgent",
                        Api.CHROME_WINDOWS,
                        "ipAddress",
                        "81.2.69.142",
                        "rememberMe",
                        false,
                        "expiresAt",
                        expires.toString(),
                        "maxExpiresAt",
                        max.toString()))
                .post("/internal/sessions")
                .then()
                .statusCode(201)
                .body("createdAt", notNullValue())
                .body(
                        "expiresAt",
                        equalTo(expires.truncatedTo(ChronoUnit.MILLIS).toString()))
                // what auth-service's new-sign-in mail names
                .body("device.type", equalTo("Computer"))
                .body("device.os", equalTo("Windows"))
                .body("device.browser", equalTo("Chrome"))
                .body("location.city", equalTo("London"))
                .body("location.country", equalTo("United Kingdom"))
                .extract()
                .path("sessionId");

        String key = keys.session(sid);
        String bucket = RedisKeys.bucketOfSession(sid);
        // the session id carries the bucket of its user, whose keys all share it
        assertThat(bucket).isEqualTo(RedisKeys.bucketOfUser(uid));
        assertThat(redis.hash(String.class).hgetall(key))
                .containsEntry("u", uid)
                .containsEntry("ip", "81.2.69.142")
                .containsEntry("dt", "Computer")
                .containsEntry("os", "Windows")
                .containsEntry("br", "Chrome")
                .containsEntry("city", "London")
                .containsEntry("cc", "GB")
                .containsEntry("e", Long.toString(expires.toEpochMilli()))
                // remember-me and a second factor are written only when set: absent reads as not (issue 16)
                .doesNotContainKeys("r", "mfa");
        // short plain values keep the hash in Redis's compact encoding (docs/internal-api.md, memory)
        assertThat(redis.execute("OBJECT", "ENCODING", key).toString()).isEqualTo("listpack");
        assertThat(redis.key().pttl(key)).isPositive();
        assertThat(redis.key().pttl(keys.userSessions(uid))).isPositive();
        assertThat(redis.key().pttl(keys.expiryIndex(bucket))).isPositive();
        // an outbox stream never lapses: a TTL could drop events waiting for PostgreSQL
        assertThat(redis.key().pttl(keys.outbox(bucket))).isEqualTo(-1);
        assertThat(redis.key().exists("sid:" + sid)).isFalse();
        assertThat(redis.sortedSet(String.class).zscore(keys.expiryIndex(bucket), sid))
                .hasValue((double) expires.toEpochMilli());
    }

    @Test
    void refreshExtendsTheDeadlineAndRecordsTheNewAddress() {
        String uid = Api.newUserId();
        Instant max = Instant.now().plus(30, ChronoUnit.DAYS);
        String sid = Api.open(
                uid, Api.CHROME_WINDOWS, "81.2.69.142", false, Instant.now().plus(1, ChronoUnit.HOURS), max);
        Instant later = Instant.now().plus(24, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MILLIS);

        Api.internal()
                .body(Map.of("ipAddress", "8.8.8.8", "expiresAt", later.toString()))
                .post("/internal/sessions/" + sid + "/refresh")
                .then()
                .statusCode(200)
                .body("sessionId", equalTo(sid))
                .body("userId", equalTo(uid))
                .body("expiresAt", equalTo(later.toString()));

        Map<String, String> hash = redis.hash(String.class).hgetall(keys.session(sid));
        assertThat(hash)
                .containsEntry("ip", "8.8.8.8")
                .containsEntry("e", Long.toString(later.toEpochMilli()))
                .containsEntry("city", "Mountain View")
                .containsEntry("cc", "US");
        assertThat(redis.sortedSet(String.class).zscore(keys.expiryIndex(RedisKeys.bucketOfSession(sid)), sid))
                .hasValue((double) later.toEpochMilli());
    }

    @Test
    void refreshNeverPassesTheMaximumLifetime() {
        String uid = Api.newUserId();
        Instant max = Instant.now().plus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MILLIS);
        String sid = Api.open(
                uid, Api.CHROME_WINDOWS, "81.2.69.142", false, Instant.now().plus(1, ChronoUnit.HOURS), max);

        Api.internal()
                .body(Map.of("expiresAt", Instant.now().plus(1, ChronoUnit.DAYS).toString()))
                .post("/internal/sessions/" + sid + "/refresh")
                .then()
                .statusCode(200)
                .body("expiresAt", equalTo(max.toString()));
    }

    @Test
    void refreshAnswersTheRolesCachedForTheAccountsCurrentEpochOnly() {
        String uid = Api.newUserId();
        String sid = Api.open(uid, Api.CHROME_WINDOWS, "81.2.69.142");
        redis.hash(String.class).hset(keys.account(uid), Map.of("v", "3", "roles", "user,admin", "rv", "3"));

        Api.internal()
                .body(Map.of(
                        "expiresAt", Instant.now().plus(1, ChronoUnit.HOURS).toString(), "userId", uid))
                .post("/internal/sessions/" + sid + "/refresh")
                .then()
                .statusCode(200)
                .body("userId", equalTo(uid))
                .body("roles", contains("user", "admin"));

        // roles of an older epoch may predate the change that moved it on: not answered, the caller reads them
        redis.hash(String.class).hset(keys.account(uid), Map.of("v", "4"));
        Api.internal()
                .body(Map.of(
                        "expiresAt", Instant.now().plus(1, ChronoUnit.HOURS).toString()))
                .post("/internal/sessions/" + sid + "/refresh")
                .then()
                .statusCode(200)
                .body("userId", equalTo(uid))
                .body("$", not(hasKey("roles")));
    }

    @Test
    void aRefreshNamingAnotherUserThanTheSessionsIs404AndChangesNothing() {
        String uid = Api.newUserId();
        Instant first = Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MILLIS);
        String sid = Api.open(uid, Api.CHROME_WINDOWS, "81.2.69.142", false, first, first.plus(30, ChronoUnit.DAYS));
        String sameBucket = Api.newUserId();
        while (!RedisKeys.bucketOfUser(sameBucket).equals(RedisKeys.bucketOfUser(uid))) {
            sameBucket = Api.newUserId();
        }
        String otherBucket = Api.newUserId();
        while (RedisKeys.bucketOfUser(otherBucket).equals(RedisKeys.bucketOfUser(uid))) {
            otherBucket = Api.newUserId();
        }

        for (String stranger : new String[] {sameBucket, otherBucket}) {
            Api.internal()
                    .body(Map.of(
                            "ipAddress",
                            "8.8.8.8",
                            "expiresAt",
                            Instant.now().plus(2, ChronoUnit.HOURS).toString(),
                            "userId",
                            stranger))
                    .post("/internal/sessions/" + sid + "/refresh")
                    .then()
                    .statusCode(404)
                    .contentType("application/problem+json");
        }

        assertThat(redis.hash(String.class).hgetall(keys.session(sid)))
                .containsEntry("e", Long.toString(first.toEpochMilli()))
                .containsEntry("ip", "81.2.69.142");
    }

    @Test
    void refreshOfAnEndedOrUnknownSessionIs404() {
        String uid = Api.newUserId();
        String sid = Api.open(uid, Api.CHROME_WINDOWS, "81.2.69.142");
        Api.internal()
                .body(Map.of("type", "SIGNED_OUT", "actorType", "USER", "actorId", uid))
                .post("/internal/sessions/" + sid + "/end")
                .then()
                .statusCode(204);

        Api.internal()
                .body(Map.of("expiresAt", Instant.now().plus(1, ChronoUnit.DAYS).toString()))
                .post("/internal/sessions/" + sid + "/refresh")
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
        Api.internal()
                .body(Map.of("expiresAt", Instant.now().plus(1, ChronoUnit.DAYS).toString()))
                .post("/internal/sessions/no-such-session/refresh")
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    void endRemovesTheSessionDenylistsItAndRefusesItsToken() {
        String uid = Api.newUserId();
        String sid = Api.open(uid, Api.CHROME_WINDOWS, "81.2.69.142");
        String token = Tokens.user(uid, sid);
        Api.bearer(token).get("/check").then().statusCode(204);

        Api.internal()
                .body(Map.of("type", "REVOKED", "reason", "REFRESH_TOKEN_REUSE", "actorType", "SYSTEM"))
                .post("/internal/sessions/" + sid + "/end")
                .then()
                .statusCode(204);

        Api.bearer(token).get("/check").then().statusCode(401);
        String bucket = RedisKeys.bucketOfSession(sid);
        assertThat(redis.key().exists(keys.session(sid))).isFalse();
        assertThat(redis.sortedSet(String.class).zrank(keys.userSessions(uid), sid))
                .isEmpty();
        assertThat(redis.sortedSet(String.class).zscore(keys.expiryIndex(bucket), sid))
                .isEmpty();
        assertThat(redis.value(String.class).get(keys.revoked(sid))).isEqualTo("REFRESH_TOKEN_REUSE");
        assertThat(redis.key().pttl(keys.revoked(sid))).isPositive();
        assertThat(redis.sortedSet(String.class).zscore(keys.revokedIndex(bucket), sid))
                .isNotNull();
        // the instance that revoked remembers it at once, and its readiness says how many entries it holds
        RestAssured.given()
                .get("/q/health/ready")
                .then()
                .body("checks.find { it.name == 'revocation-denylist' }.data.near-cache-entries", greaterThan(0));

        Api.internal()
                .body(Map.of("type", "SIGNED_OUT", "actorType", "USER", "actorId", uid))
                .post("/internal/sessions/" + sid + "/end")
                .then()
                .statusCode(404);
    }

    @Test
    void revokeUserEndsAllButTheExceptedSession() {
        String uid = Api.newUserId();
        String keep = Api.open(uid, Api.CHROME_WINDOWS, "81.2.69.142");
        String other1 = Api.open(uid, Api.SAFARI_IPHONE, "8.8.8.8");
        String other2 = Api.open(uid, Api.SAFARI_IPHONE, "8.8.8.8");

        Api.internal()
                .body(Map.of(
                        "reason", "PASSWORD_CHANGED", "actorType", "USER", "actorId", uid, "exceptSessionId", keep))
                .post("/internal/users/" + uid + "/revoke")
                .then()
                .statusCode(200)
                .body("revoked", equalTo(2));

        Api.bearer(Tokens.user(uid, keep)).get("/check").then().statusCode(204);
        Api.bearer(Tokens.user(uid, other1)).get("/check").then().statusCode(401);
        Api.bearer(Tokens.user(uid, other2)).get("/check").then().statusCode(401);

        Api.internal()
                .body(Map.of("reason", "ACCOUNT_DEACTIVATED", "actorType", "ADMIN", "actorId", "admin-1"))
                .post("/internal/users/" + uid + "/revoke")
                .then()
                .statusCode(200)
                .body("revoked", equalTo(1));
        Api.bearer(Tokens.user(uid, keep)).get("/check").then().statusCode(401);
    }

    @Test
    void internalCallsNeedTheInternalCredential() {
        RestAssured.given()
                .contentType(ContentType.JSON)
                .body(Map.of("userId", "x"))
                .post("/internal/sessions")
                .then()
                .statusCode(401)
                .contentType("application/problem+json")
                .body("status", equalTo(401));
        RestAssured.given()
                .header("Authorization", "Bearer wrong-token-of-some-length")
                .contentType(ContentType.JSON)
                .body(Map.of("reason", "ADMIN_LOGOUT", "actorType", "ADMIN"))
                .post("/internal/users/u-1/revoke")
                .then()
                .statusCode(401)
                .contentType("application/problem+json");
        String uid = Api.newUserId();
        String sid = Api.open(uid, Api.CHROME_WINDOWS, "81.2.69.142");
        Api.bearer(Tokens.admin(uid, sid))
                .contentType(ContentType.JSON)
                .body(Map.of("type", "SIGNED_OUT", "actorType", "USER"))
                .post("/internal/sessions/" + sid + "/end")
                .then()
                .statusCode(401);
    }

    @Test
    void badInputIs400ProblemWithoutInternalNames() {
        Api.internal()
                .body("{not json")
                .post("/internal/sessions")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("title", equalTo("Bad Request"))
                .body(not(containsString("com.fasterxml")))
                .body(not(containsString("dev.sessions")));
        Api.internal()
                .body(Map.of("userId", "x", "expiresAt", "tomorrow", "maxExpiresAt", "later"))
                .post("/internal/sessions")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body(not(containsString("java.time")))
                .body(not(containsString("Exception")));
        Api.internal()
                .body(Map.of(
                        "userId",
                        "x",
                        "ipAddress",
                        "not-an-address",
                        "expiresAt",
                        Instant.now().plusSeconds(60).toString(),
                        "maxExpiresAt",
                        Instant.now().plusSeconds(60).toString()))
                .post("/internal/sessions")
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
        Api.internal()
                .body(Map.of("type", "REVOKED", "reason", "BECAUSE", "actorType", "USER"))
                .post("/internal/sessions/abc/end")
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
        Api.internal()
                .body(Map.of("reason", "ADMIN_LOGOUT", "actorType", "ROBOT"))
                .post("/internal/users/u-1/revoke")
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
    }

    @Test
    void unknownFieldsAreIgnored() {
        Instant max = Instant.now().plus(1, ChronoUnit.DAYS);
        Api.internal()
                .body(Map.of(
                        "userId",
                        Api.newUserId(),
                        "ipAddress",
                        "81.2.69.142",
                        "favouriteColour",
                        "green",
                        "expiresAt",
                        max.toString(),
                        "maxExpiresAt",
                        max.toString()))
                .post("/internal/sessions")
                .then()
                .statusCode(201);
    }

    @Test
    void oversizedBodiesAre413Problems() {
        String big = "x".repeat(70 * 1024);
        Api.internal()
                .body(Map.of("userId", "x", "userAgent", big))
                .post("/internal/sessions")
                .then()
                .statusCode(413)
                .contentType("application/problem+json")
                .body("status", equalTo(413));
    }
}
