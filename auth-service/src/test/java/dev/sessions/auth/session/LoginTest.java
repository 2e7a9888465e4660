package dev.sessions.auth.session;

import java.util.List;
import java.util.Map;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import dev.sessions.auth.support.Api;
import dev.sessions.auth.support.Api.Session;
import dev.sessions.auth.support.Registry;
import dev.sessions.auth.support.RegistryTestResource;

import static dev.sessions.auth.support.Api.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

/** Sign-in: token body, cookie attributes, one answer for unknown email and wrong password, malformed bodies. */
@QuarkusTest
@WithTestResource(value = RegistryTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class LoginTest {

    @Test
    void signInAnswersTheTokenBodyAndASessionTheRegistryKnows() {
        String email = Api.email("login");
        String userId = Api.register(email, PASSWORD, "Ada Lovelace");

        Response response = Api.postLogin(Api.address(), email.toUpperCase(), PASSWORD, false);

        response.then()
                .statusCode(200)
                .contentType(ContentType.JSON)
                .header("Cache-Control", "no-store")
                .body("tokenType", equalTo("Bearer"))
                .body("expiresIn", equalTo(900))
                .body("sessionId", notNullValue())
                .body("user.id", equalTo(userId))
                .body("user.email", equalTo(email))
                .body("user.displayName", equalTo("Ada Lovelace"))
                .body("user.roles", containsInAnyOrder("user"));
        Session session = Api.session(response, "x");
        assertThat(session.refreshCookie()).startsWith(session.sessionId() + ".");
        assertThat(Registry.check(session.accessToken())).isEqualTo(204);
    }

    @Test
    void withoutRememberMeTheCookieLastsTheBrowserSession() {
        String email = Api.email("cookie");
        Api.register(email);

        Session session = Api.login(email, PASSWORD, false);

        assertThat(session.setCookie())
                .startsWith("refresh_token=" + session.refreshCookie() + ";")
                .contains("; Path=/auth", "; HttpOnly", "; Secure", "; SameSite=Strict")
                .doesNotContain("Max-Age", "Expires");
    }

    @Test
    void withRememberMeTheCookieCarriesTheSessionsRemainingLifetime() {
        String email = Api.email("remember");
        Api.register(email);

        Session session = Api.login(email, PASSWORD, true);

        assertThat(session.setCookie())
                .contains("; Path=/auth", "; HttpOnly", "; Secure", "; SameSite=Strict")
                .doesNotContain("Expires");
        long maxAge = Long.parseLong(session.setCookie().replaceAll(".*Max-Age=(\\d+).*", "$1"));
        assertThat(maxAge).isBetween(30L * 24 * 3600 - 60, 30L * 24 * 3600);
    }

    @Test
    void unknownEmailAndWrongPasswordGetTheSameAnswer() {
        String email = Api.email("enum");
        Api.register(email);

        Response wrongPassword = Api.postLogin(Api.address(), email, "not the password at all", false);
        Response unknownEmail = Api.postLogin(Api.address(), Api.email("nobody"), "not the password at all", false);

        wrongPassword.then().statusCode(401).contentType("application/problem+json");
        unknownEmail.then().statusCode(401).contentType("application/problem+json");
        assertThat(unknownEmail.asString()).isEqualTo(wrongPassword.asString());
        assertThat(wrongPassword.jsonPath().getMap("")).containsEntry("detail", "Wrong email or password.");
        assertThat(unknownEmail.getHeaders().asList().stream()
                        .map(h -> h.getName().toLowerCase())
                        .sorted()
                        .toList())
                .isEqualTo(wrongPassword.getHeaders().asList().stream()
                        .map(h -> h.getName().toLowerCase())
                        .sorted()
                        .toList());
    }

    @Test
    void aFailedSignInOfAnExistingAccountIsRecordedInItsHistory() {
        String email = Api.email("failed");
        String userId = Api.register(email);
        String address = Api.address();
        Api.postLogin(address, email, "not the password at all", false).then().statusCode(401);

        Session session = Api.login(email);

        // the history itself (the registry's drain into PostgreSQL) is e2e-tests' AuthHistoryIT
        assertThat(session.userId()).isEqualTo(userId);
        assertThat(Registry.outbox(userId))
                .anySatisfy(event -> assertThat(event)
                        .containsEntry("type", "SIGN_IN_FAILED")
                        .containsEntry("ip", address)
                        .containsEntry("actorType", "USER")
                        .containsEntry("actorId", userId));
    }

    @Test
    void malformedSignInsAre400() {
        Api.from(Api.address())
                .contentType(ContentType.JSON)
                .body(Map.of("email", "a".repeat(310) + "@example.test", "password", PASSWORD))
                .post("/auth/login")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("detail", equalTo("email must be at most 320 characters."));
        Api.from(Api.address())
                .contentType(ContentType.JSON)
                .body(Map.of("password", PASSWORD))
                .post("/auth/login")
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
        Api.from(Api.address())
                .contentType(ContentType.JSON)
                .body("{\"email\":")
                .post("/auth/login")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("status", equalTo(400));
        Api.from(Api.address())
                .contentType(ContentType.JSON)
                .body(Map.of("email", List.of("x"), "password", PASSWORD))
                .post("/auth/login")
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
    }
}
