package dev.sessions.auth.session;

import java.util.Map;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import dev.sessions.auth.support.Api;
import dev.sessions.auth.support.Registry;
import dev.sessions.auth.support.RegistryTestResource;

import static org.assertj.core.api.Assertions.assertThat;

/** The User-Agent Client Hints of a sign-in and of a refresh reach the registry, the way the browser sent them. */
@QuarkusTest
@WithTestResource(value = RegistryTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class ClientHintsTest {

    @Test
    void signInAndRefreshPassTheHintsOn() {
        String email = Api.email("hints");
        Api.register(email);
        String address = Api.address();
        Response login = Api.from(address)
                .header("Sec-CH-UA-Mobile", "?1")
                .header("Sec-CH-UA-Platform", "\"Android\"")
                .header("Sec-CH-UA-Model", "\"Pixel 8\"")
                .header("Sec-CH-UA-Full-Version-List", "\"Google Chrome\";v=\"120.0.6099.144\"")
                .contentType(ContentType.JSON)
                .body(Map.of("email", email, "password", Api.PASSWORD, "rememberMe", false))
                .post("/auth/login");
        login.then().statusCode(200);
        Api.Session session = Api.session(login, address);

        Map<String, Object> atSignIn = Registry.device(session.sessionId());
        assertThat(atSignIn).containsEntry("userAgent", Api.USER_AGENT);
        assertThat(atSignIn.get("clientHints"))
                .isEqualTo(Map.of(
                        "mobile", "?1",
                        "platform", "\"Android\"",
                        "model", "\"Pixel 8\"",
                        "fullVersionList", "\"Google Chrome\";v=\"120.0.6099.144\""));

        Api.from(address)
                .header("Sec-CH-UA-Platform", "\"Windows\"")
                .header("Sec-CH-UA-Platform-Version", "\"15.0.0\"")
                .header("Sec-CH-UA-Model", "x".repeat(600))
                .cookie("refresh_token", session.refreshCookie())
                .post("/auth/refresh")
                .then()
                .statusCode(200);
        Map<String, Object> atRefresh = Registry.device(session.sessionId());
        assertThat(atRefresh).containsEntry("userAgent", Api.USER_AGENT);
        assertThat(atRefresh.get("clientHints"))
                .as("an over-long hint is left out")
                .isEqualTo(Map.of("platform", "\"Windows\"", "platformVersion", "\"15.0.0\""));
    }

    @Test
    void aRequestWithoutHintsSendsNone() {
        String email = Api.email("no-hints");
        Api.register(email);
        Api.Session session = Api.login(email, Api.PASSWORD, false);

        assertThat(Registry.device(session.sessionId())).containsEntry("clientHints", null);
        Api.refresh(session);
        assertThat(Registry.device(session.sessionId())).containsEntry("clientHints", null);
    }
}
