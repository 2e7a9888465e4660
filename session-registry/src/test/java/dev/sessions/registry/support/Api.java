package dev.sessions.registry.support;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

import dev.sessions.testing.UserAgents;

/** Calls the registry the way auth-service and the SPA do. */
public final class Api {

    public static final String CHROME_WINDOWS = UserAgents.CHROME_WINDOWS;
    public static final String SAFARI_IPHONE = UserAgents.SAFARI_IPHONE;

    private Api() {}

    public static String newUserId() {
        return "u-" + UUID.randomUUID();
    }

    public static RequestSpecification internal() {
        return RestAssured.given()
                .header("Authorization", "Bearer " + TestEnvironment.INTERNAL_TOKEN)
                .contentType(ContentType.JSON);
    }

    public static RequestSpecification bearer(String token) {
        return RestAssured.given().header("Authorization", "Bearer " + token);
    }

    /** Opens a session for 30 days with "remember me"; returns its id. */
    public static String open(String userId, String userAgent, String ip) {
        Instant max = Instant.now().plus(30, ChronoUnit.DAYS);
        return open(userId, userAgent, ip, true, max, max);
    }

    public static String open(
            String userId, String userAgent, String ip, boolean rememberMe, Instant expiresAt, Instant maxExpiresAt) {
        Map<String, Object> body = new HashMap<>();
        body.put("userId", userId);
        body.put("userAgent", userAgent);
        body.put("ipAddress", ip);
        body.put("rememberMe", rememberMe);
        body.put("expiresAt", expiresAt.toString());
        body.put("maxExpiresAt", maxExpiresAt.toString());
        return internal()
                .body(body)
                .post("/internal/sessions")
                .then()
                .statusCode(201)
                .extract()
                .path("sessionId");
    }
}
