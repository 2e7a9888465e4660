package dev.sessions.registry.session;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import dev.sessions.registry.support.Api;
import dev.sessions.registry.support.TestEnvironment;
import dev.sessions.registry.support.Tokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/** A session opened with a second factor says so in Session.mfa and on its SIGNED_IN event; others say false. */
@QuarkusTest
@WithTestResource(value = TestEnvironment.class, scope = TestResourceScope.GLOBAL)
class SecondFactorSessionTest {

    @Test
    void theSecondFactorIsKeptWithTheSessionAndItsSignIn() {
        String uid = Api.newUserId();
        String withCode = open(uid, true);
        String withPassword = open(uid, false);
        String token = Tokens.user(uid, withCode);

        Api.bearer(token).get("/sessions/current").then().statusCode(200).body("mfa", equalTo(true));
        List<Map<String, Object>> sessions = Api.bearer(token)
                .get("/sessions")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("");
        assertThat(sessions)
                .extracting(s -> s.get("id"), s -> s.get("mfa"))
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(withCode, true),
                        org.assertj.core.groups.Tuple.tuple(withPassword, false));

        JsonPath history = await().atMost(Duration.ofSeconds(20))
                .until(
                        () -> Api.bearer(token)
                                .get("/sessions/history")
                                .then()
                                .statusCode(200)
                                .extract()
                                .jsonPath(),
                        json -> json.getList("events").size() == 2);
        Map<String, Object> byCode = event(history, withCode);
        Map<String, Object> byPassword = event(history, withPassword);
        assertThat(byCode).containsEntry("type", "SIGNED_IN").containsEntry("mfa", true);
        assertThat(byPassword).containsEntry("type", "SIGNED_IN").containsEntry("mfa", false);
    }

    @Test
    void anOpenRequestWithoutTheFieldIsASignInWithoutASecondFactor() {
        String uid = Api.newUserId();
        String sid = Api.open(uid, Api.CHROME_WINDOWS, "81.2.69.142");

        Api.bearer(Tokens.user(uid, sid))
                .get("/sessions/current")
                .then()
                .statusCode(200)
                .body("mfa", equalTo(false));
    }

    private static String open(String uid, boolean mfa) {
        Instant max = Instant.now().plus(1, ChronoUnit.DAYS);
        return Api.internal()
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
                        max.toString(),
                        "maxExpiresAt",
                        max.toString(),
                        "mfa",
                        mfa))
                .post("/internal/sessions")
                .then()
                .statusCode(201)
                .extract()
                .path("sessionId");
    }

    private static Map<String, Object> event(JsonPath history, String sessionId) {
        List<Map<String, Object>> events = history.getList("events");
        return events.stream()
                .filter(e -> sessionId.equals(e.get("sessionId")))
                .findFirst()
                .orElseThrow();
    }
}
