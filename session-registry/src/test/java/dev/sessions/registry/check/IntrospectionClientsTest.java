package dev.sessions.registry.check;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import dev.sessions.registry.support.Api;
import dev.sessions.registry.support.TestEnvironment;
import dev.sessions.registry.support.Tokens;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

/** Introspection clients authenticate with their own credentials (RFC 7662 §2.1), which open nothing else. */
@QuarkusTest
@WithTestResource(value = TestEnvironment.class, scope = TestResourceScope.GLOBAL)
class IntrospectionClientsTest {

    private static final String CLIENT =
            basic(TestEnvironment.INTROSPECTION_CLIENT, TestEnvironment.INTROSPECTION_SECRET);

    @Test
    void anIntrospectionClientIntrospectsWithBasicCredentials() {
        String uid = Api.newUserId();
        String sid = Api.open(uid, Api.CHROME_WINDOWS, "81.2.69.142");
        introspect(CLIENT, Tokens.user(uid, sid))
                .then()
                .statusCode(200)
                .body("active", equalTo(true))
                .body("sid", equalTo(sid));
        introspect(basic("billing", "billing-secret-0123456789"), Tokens.user(uid, sid))
                .then()
                .statusCode(200)
                .body("active", equalTo(true));
        introspect(CLIENT, "not-a-token").then().statusCode(200).body("active", equalTo(false));
    }

    @Test
    void authServicesInternalCredentialStillIntrospects() {
        String uid = Api.newUserId();
        String sid = Api.open(uid, Api.CHROME_WINDOWS, "81.2.69.142");
        introspect("Bearer " + TestEnvironment.INTERNAL_TOKEN, Tokens.user(uid, sid))
                .then()
                .statusCode(200)
                .body("active", equalTo(true));
    }

    @Test
    void wrongOrMissingClientCredentialsAre401WithAChallenge() {
        String token = Tokens.user("u", "s");
        for (String authorization : List.of(
                basic(TestEnvironment.INTROSPECTION_CLIENT, "wrong-secret"),
                basic("billing", TestEnvironment.INTROSPECTION_SECRET),
                basic("nobody", TestEnvironment.INTROSPECTION_SECRET),
                basic(TestEnvironment.INTROSPECTION_CLIENT, ""),
                "Basic !!!not-base64",
                "Basic " + Base64.getEncoder().encodeToString("no-colon".getBytes(StandardCharsets.UTF_8)),
                "Bearer " + TestEnvironment.INTROSPECTION_SECRET,
                "Bearer wrong")) {
            introspect(authorization, token)
                    .then()
                    .statusCode(401)
                    .contentType("application/problem+json")
                    .header("WWW-Authenticate", startsWith("Basic realm="));
        }
        RestAssured.given()
                .contentType("application/x-www-form-urlencoded")
                .formParam("token", token)
                .post("/introspect")
                .then()
                .statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", startsWith("Basic realm="));
    }

    @Test
    void anIntrospectionCredentialOpensNoInternalEndpoint() {
        String uid = Api.newUserId();
        String sid = Api.open(uid, Api.CHROME_WINDOWS, "81.2.69.142");
        Instant max = Instant.now().plus(30, ChronoUnit.DAYS);
        for (String authorization : List.of(
                CLIENT,
                "Bearer " + TestEnvironment.INTROSPECTION_SECRET,
                basic("internal", TestEnvironment.INTERNAL_TOKEN))) {
            RequestSpecification as =
                    RestAssured.given().header("Authorization", authorization).contentType("application/json");
            as.body(Map.of(
                            "userId",
                            uid,
                            "userAgent",
                            Api.CHROME_WINDOWS,
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
                    .statusCode(401)
                    .contentType("application/problem+json");
            RestAssured.given()
                    .header("Authorization", authorization)
                    .contentType("application/json")
                    .body(Map.of("ipAddress", "8.8.8.8", "expiresAt", max.toString()))
                    .post("/internal/sessions/" + sid + "/refresh")
                    .then()
                    .statusCode(401);
            RestAssured.given()
                    .header("Authorization", authorization)
                    .contentType("application/json")
                    .body(Map.of())
                    .post("/internal/sessions/" + sid + "/end")
                    .then()
                    .statusCode(401);
            RestAssured.given()
                    .header("Authorization", authorization)
                    .contentType("application/json")
                    .body(Map.of())
                    .post("/internal/users/" + uid + "/revoke")
                    .then()
                    .statusCode(401);
        }
        Api.bearer(Tokens.user(uid, sid)).get("/check").then().statusCode(204);
    }

    private static io.restassured.response.Response introspect(String authorization, String token) {
        return RestAssured.given()
                .header("Authorization", authorization)
                .contentType("application/x-www-form-urlencoded")
                .formParam("token", token)
                .post("/introspect");
    }

    private static String basic(String name, String secret) {
        return "Basic " + Base64.getEncoder().encodeToString((name + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }
}
