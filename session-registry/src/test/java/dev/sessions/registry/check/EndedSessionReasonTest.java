package dev.sessions.registry.check;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import dev.sessions.registry.support.Api;
import dev.sessions.registry.support.TestEnvironment;
import dev.sessions.registry.support.Tokens;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

/**
 * Contract, "Live sessions": every 401 for a token whose session has ended says why ({@code "reason"}), from the
 * check (also in {@code X-Auth-Reason}, for the gateway) and from every bearer endpoint.
 */
@QuarkusTest
@WithTestResource(value = TestEnvironment.class, scope = TestResourceScope.GLOBAL)
class EndedSessionReasonTest {

    @Test
    void aSignedOutSessionsTokenIsRefusedWithSignedOut() {
        String uid = Api.newUserId();
        String sid = Api.open(uid, Api.CHROME_WINDOWS, "81.2.69.142");
        String token = Tokens.user(uid, sid);
        Api.bearer(token).get("/check").then().statusCode(204);

        Api.internal()
                .body(Map.of("type", "SIGNED_OUT", "actorType", "USER", "actorId", uid))
                .post("/internal/sessions/" + sid + "/end")
                .then()
                .statusCode(204);

        assertRefusedBecause(token, "SIGNED_OUT");
    }

    @Test
    void aRevokedSessionsTokenIsRefusedWithTheRevocationsReason() {
        String uid = Api.newUserId();
        String current = Api.open(uid, Api.CHROME_WINDOWS, "81.2.69.142");
        String other = Api.open(uid, Api.SAFARI_IPHONE, "81.2.69.142");
        String otherToken = Tokens.user(uid, other);
        Api.bearer(otherToken).get("/sessions/current").then().statusCode(200);

        Api.bearer(Tokens.user(uid, current))
                .delete("/sessions/" + other)
                .then()
                .statusCode(204);
        assertRefusedBecause(otherToken, "USER_REVOKED");

        String admin = Api.newUserId();
        String adminSession = Api.open(admin, Api.CHROME_WINDOWS, "81.2.69.142");
        Api.bearer(Tokens.admin(admin, adminSession))
                .post("/admin/users/" + uid + "/logout")
                .then()
                .statusCode(200);
        assertRefusedBecause(Tokens.user(uid, current), "ADMIN_LOGOUT");
    }

    @Test
    void anExpiredSessionsTokenIsRefusedWithTheExpiryReason() {
        Api.open(Api.newUserId(), Api.CHROME_WINDOWS, "81.2.69.142");
        String uid = Api.newUserId();
        String sid = Api.open(
                uid,
                Api.CHROME_WINDOWS,
                "81.2.69.142",
                false,
                Instant.now().plusSeconds(3),
                Instant.now().plus(30, ChronoUnit.DAYS));
        String token = Tokens.user(uid, sid);

        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> Api.bearer(token).get("/check").then().statusCode(401));

        assertRefusedBecause(token, "IDLE");
    }

    @Test
    void otherRefusalsCarryNoReason() {
        String uid = Api.newUserId();
        String sid = Api.open(uid, Api.CHROME_WINDOWS, "81.2.69.142");
        Api.bearer(Tokens.expired(uid, sid))
                .get("/check")
                .then()
                .statusCode(401)
                .header("X-Auth-Reason", nullValue())
                .body("reason", nullValue());
        Api.bearer(Tokens.user(uid, "never-opened-" + uid))
                .get("/sessions")
                .then()
                .statusCode(401)
                .body("reason", nullValue());
    }

    private static void assertRefusedBecause(String token, String reason) {
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> Api.bearer(token)
                        .get("/check")
                        .then()
                        .statusCode(401)
                        .contentType("application/problem+json")
                        .header("WWW-Authenticate", "Bearer")
                        .header("X-Auth-Reason", reason)
                        .body("status", equalTo(401))
                        .body("reason", equalTo(reason)));
        for (String path : new String[] {"/sessions", "/sessions/current", "/sessions/history"}) {
            Api.bearer(token)
                    .get(path)
                    .then()
                    .statusCode(401)
                    .contentType("application/problem+json")
                    .body("reason", equalTo(reason));
        }
        Api.bearer(token).delete("/sessions?scope=all").then().statusCode(401).body("reason", equalTo(reason));
    }
}
