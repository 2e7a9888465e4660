package dev.sessions.auth.session;

import jakarta.inject.Inject;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import dev.sessions.auth.support.Api;
import dev.sessions.auth.support.Api.Session;
import dev.sessions.auth.support.Registry;
import dev.sessions.auth.support.RegistryTestResource;
import dev.sessions.contract.redis.RedisKeys;

import static org.assertj.core.api.Assertions.assertThat;

/** Sign-out by cookie or bearer token, the cleared cookie, the Origin rule and the history entry. */
@QuarkusTest
@WithTestResource(value = RegistryTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class LogoutTest {

    private static final String CLEARED = "refresh_token=; Path=/auth; HttpOnly; Secure; SameSite=Strict; Max-Age=0";

    @Inject
    RedisDataSource redis;

    @Inject
    RedisKeys keys;

    @Test
    void theRefreshCookieEndsItsSessionAndIsCleared() {
        Session session = signedIn("logout-cookie");

        Response response = Api.from(session.address())
                .cookie("refresh_token", session.refreshCookie())
                .header("Origin", "http://localhost:8080")
                .post("/auth/logout");

        response.then().statusCode(204);
        assertThat(response.getHeader("Set-Cookie")).isEqualTo(CLEARED);
        assertThat(Registry.check(session.accessToken())).isEqualTo(401);
        Api.postRefresh(session.address(), session.refreshCookie()).then().statusCode(401);
        assertThat(redis.key().exists(keys.session(session.sessionId()))).isFalse();
    }

    @Test
    void aBearerTokenEndsItsSessionWhenNoCookieIsSent() {
        Session session = signedIn("logout-bearer");

        Response response = Api.from(session.address())
                .header("Authorization", Api.bearer(session.accessToken()))
                .post("/auth/logout");

        response.then().statusCode(204);
        assertThat(response.getHeader("Set-Cookie")).isEqualTo(CLEARED);
        assertThat(Registry.check(session.accessToken())).isEqualTo(401);
        Api.postRefresh(session.address(), session.refreshCookie()).then().statusCode(401);
        Api.from(session.address())
                .header("Authorization", Api.bearer(session.accessToken()))
                .post("/auth/logout")
                .then()
                .statusCode(401)
                .contentType("application/problem+json");
    }

    @Test
    void theCookieWinsOverTheBearerToken() {
        Session cookieSession = signedIn("logout-both");
        Session bearerSession = signedIn("logout-other");

        Api.from(cookieSession.address())
                .cookie("refresh_token", cookieSession.refreshCookie())
                .header("Authorization", Api.bearer(bearerSession.accessToken()))
                .post("/auth/logout")
                .then()
                .statusCode(204);

        assertThat(Registry.check(cookieSession.accessToken())).isEqualTo(401);
        assertThat(Registry.check(bearerSession.accessToken())).isEqualTo(204);
    }

    @Test
    void anInvalidCookieFallsBackToTheBearerToken() {
        Session session = signedIn("logout-fallback");

        Api.from(session.address())
                .cookie("refresh_token", session.sessionId() + "." + "C".repeat(43))
                .header("Authorization", Api.bearer(session.accessToken()))
                .post("/auth/logout")
                .then()
                .statusCode(204);

        assertThat(Registry.check(session.accessToken())).isEqualTo(401);
    }

    @Test
    void neitherCredentialIs401AndStillClearsTheCookie() {
        Response none = Api.from(Api.address()).post("/auth/logout");
        none.then().statusCode(401).contentType("application/problem+json");
        assertThat(none.getHeader("Set-Cookie")).isEqualTo(CLEARED);

        Api.from(Api.address())
                .cookie("refresh_token", "garbage")
                .post("/auth/logout")
                .then()
                .statusCode(401)
                .contentType("application/problem+json");
        Api.from(Api.address())
                .header("Authorization", "Bearer not.a.token")
                .post("/auth/logout")
                .then()
                .statusCode(401)
                .contentType("application/problem+json");
    }

    @Test
    void aCookieFromAForeignOriginIsRefusedAndEndsNothing() {
        Session session = signedIn("logout-origin");

        Api.from(session.address())
                .cookie("refresh_token", session.refreshCookie())
                .header("Origin", "https://evil.example")
                .post("/auth/logout")
                .then()
                .statusCode(403)
                .contentType("application/problem+json");

        assertThat(Registry.check(session.accessToken())).isEqualTo(204);
    }

    @Test
    void theSignOutIsRecordedInTheHistory() {
        String email = Api.email("logout-history");
        Api.register(email);
        Session session = Api.login(email);
        Session other = Api.login(email);

        Api.from(session.address())
                .cookie("refresh_token", session.refreshCookie())
                .post("/auth/logout")
                .then()
                .statusCode(204);

        // the registry records the end as auth-service asked for it; the history itself is e2e-tests' AuthHistoryIT
        assertThat(Registry.ending(session.sessionId())).containsEntry("type", "SIGNED_OUT");
        assertThat(Registry.check(other.accessToken())).isEqualTo(204);
    }

    private static Session signedIn(String label) {
        String email = Api.email(label);
        Api.register(email);
        return Api.login(email);
    }
}
