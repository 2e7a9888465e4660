package dev.sessions.auth.support;

import java.util.List;
import java.util.Map;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

import dev.sessions.auth.support.Api.Session;

/** Two-factor calls as the console makes them. */
public final class Mfa {

    private Mfa() {}

    /** An account with TOTP on: its secret (base32) and recovery codes; confirmed with the current step's code. */
    public record Enrolled(String secret, List<String> recoveryCodes) {}

    /** A request of the session's client with its bearer token. */
    public static RequestSpecification as(Session session) {
        return Api.from(session.address())
                .header("Authorization", Api.bearer(session.accessToken()))
                .contentType(ContentType.JSON);
    }

    /** Starts a set-up with the standard password and returns its secret. */
    public static String setup(Session session) {
        return as(session)
                .body(Map.of("currentPassword", Api.PASSWORD))
                .post("/auth/mfa/totp/setup")
                .then()
                .statusCode(200)
                .extract()
                .path("secret");
    }

    /** Posts a confirmation code. */
    public static Response confirm(Session session, String code) {
        return as(session).body(Map.of("code", code)).post("/auth/mfa/totp/confirm");
    }

    /** Sets up and confirms TOTP with the code of the current step. */
    public static Enrolled enroll(Session session) {
        String secret = setup(session);
        List<String> codes = confirm(session, TotpCodes.now(secret, 0))
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("recoveryCodes");
        return new Enrolled(secret, codes);
    }

    /** The mfaToken of a first step that must answer 202. */
    public static String firstStep(String address, String email, boolean rememberMe) {
        return Api.postLogin(address, email, Api.PASSWORD, rememberMe)
                .then()
                .statusCode(202)
                .extract()
                .path("mfaToken");
    }

    /** Posts a second step. */
    public static Response secondStep(String address, String mfaToken, String code) {
        return Api.from(address)
                .contentType(ContentType.JSON)
                .body(Map.of("mfaToken", mfaToken, "code", code))
                .post("/auth/login/mfa");
    }

    /** Signs in with both steps, expecting success. */
    public static Session login(String email, String code) {
        String address = Api.address();
        Response response = secondStep(address, firstStep(address, email, false), code);
        response.then().statusCode(200);
        return Api.session(response, address);
    }
}
