package dev.sessions.auth.support;

import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.config.ConfigProvider;

import static io.restassured.RestAssured.given;

/** The session-registry of the test run ({@link FakeRegistry}), asked directly. */
public final class Registry {

    private Registry() {}

    /** Its base URL. */
    public static String url() {
        return ConfigProvider.getConfig().getValue("quarkus.rest-client.session-registry.url", String.class);
    }

    /** The status {@code GET /check} answers for an access token: 204 live, 401 otherwise. */
    public static int check(String accessToken) {
        return given().baseUri(url())
                .header("Authorization", Api.bearer(accessToken))
                .get("/check")
                .statusCode();
    }

    /** The status {@code GET /sessions/current} answers for an access token. */
    public static int currentSession(String accessToken) {
        return given().baseUri(url())
                .header("Authorization", Api.bearer(accessToken))
                .get("/sessions/current")
                .statusCode();
    }

    /**
     * How a session ended, as auth-service (or the registry itself, for the cap) asked: {@code type}, {@code reason},
     * {@code actorType}, {@code actorId}; empty while it is live. The registry records exactly this in the history.
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> ending(String sessionId) {
        Map<String, Object> ended = (Map<String, Object>) session(sessionId).get("ended");
        return ended == null ? Map.of() : ended;
    }

    /**
     * A session as the registry holds it ({@code lastActiveAt}, {@code expiresAt}, {@code ipAddress}...): its last
     * activity moves only when the registry itself was asked to extend it.
     */
    public static Map<String, Object> session(String sessionId) {
        return given().baseUri(url())
                .get("/fake/sessions/" + sessionId)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getMap("");
    }

    /** Makes every internal call of auth-service to the registry fail (503), or work again. */
    public static void internalCalls(boolean working) {
        given().baseUri(url())
                .request(working ? "PUT" : "DELETE", "/fake/internal")
                .then()
                .statusCode(204);
    }

    /** Whether the registry was told that the session was opened with a second factor. */
    public static boolean mfa(String sessionId) {
        return Boolean.TRUE.equals(session(sessionId).get("mfa"));
    }

    /** The User-Agent and client hints auth-service sent with the session's last open or refresh call. */
    public static Map<String, Object> device(String sessionId) {
        return given().baseUri(url())
                .get("/fake/hints/" + sessionId)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getMap("");
    }

    /** The history outbox entries about a user, oldest first ({@code type}, {@code ip}, {@code actorType}...). */
    public static List<Map<String, String>> outbox(String userId) {
        return given().baseUri(url())
                .get("/fake/outbox/" + userId)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("");
    }

    /** Holds the next opening of a session of this user (a sign-in in flight) until {@link #releaseOpen}. */
    public static void holdOpen(String userId) {
        given().baseUri(url()).post("/fake/holds/" + userId).then().statusCode(204);
    }

    /** Whether the held opening of this user's session has arrived. */
    public static boolean openHeld(String userId) {
        return given().baseUri(url())
                .get("/fake/holds/" + userId)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getBoolean("reached");
    }

    /** Lets the held opening go on: it reads the account's state only now. */
    public static void releaseOpen(String userId) {
        given().baseUri(url()).delete("/fake/holds/" + userId).then().statusCode(204);
    }
}
