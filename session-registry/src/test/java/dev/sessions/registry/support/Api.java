package dev.sessions.registry.support;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/** Calls the registry the way auth-service and the SPA do. */
public final class Api {

    public static final String CHROME_WINDOWS = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
            + "(KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36";
    public static final String SAFARI_IPHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 "
            + "(KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1";

    private Api() {
    }

    public static String newUserId() {
        return "u-" + UUID.randomUUID();
    }

    public static RequestSpecification internal() {
        return RestAssured.given().header("Authorization", "Bearer " + TestEnvironment.INTERNAL_TOKEN).contentType(ContentType.JSON);
    }

    public static RequestSpecification bearer(String token) {
        return RestAssured.given().header("Authorization", "Bearer " + token);
    }

    /** Opens a session for 30 days with "remember me"; returns its id. */
    public static String open(String userId, String userAgent, String ip) {
        Instant max = Instant.now().plus(30, ChronoUnit.DAYS);
        return open(userId, userAgent, ip, true, max, max);
    }

    public static String open(String userId, String userAgent, String ip, boolean rememberMe, Instant expiresAt, Instant maxExpiresAt) {
        Map<String, Object> body = new HashMap<>();
        body.put("userId", userId);
        body.put("userAgent", userAgent);
        body.put("ipAddress", ip);
        body.put("rememberMe", rememberMe);
        body.put("expiresAt", expiresAt.toString());
        body.put("maxExpiresAt", maxExpiresAt.toString());
        return internal().body(body).post("/internal/sessions").then().statusCode(201).extract().path("sessionId");
    }
}
