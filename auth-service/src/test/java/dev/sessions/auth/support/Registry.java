package dev.sessions.auth.support;

import static io.restassured.RestAssured.given;

import org.eclipse.microprofile.config.ConfigProvider;

/** The real session-registry of the test run, asked directly. */
public final class Registry {

    private Registry() {
    }

    /** Its base URL. */
    public static String url() {
        return ConfigProvider.getConfig().getValue("quarkus.rest-client.session-registry.url", String.class);
    }

    /** The status {@code GET /check} answers for an access token: 204 live, 401 otherwise. */
    public static int check(String accessToken) {
        return given().baseUri(url()).header("Authorization", Api.bearer(accessToken))
                .get("/check").statusCode();
    }

    /** The status {@code GET /sessions/current} answers for an access token. */
    public static int currentSession(String accessToken) {
        return given().baseUri(url()).header("Authorization", Api.bearer(accessToken))
                .get("/sessions/current").statusCode();
    }
}
