package dev.sessions.auth.error;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.sessions.auth.support.Api;
import dev.sessions.auth.support.Api.Session;
import dev.sessions.auth.support.Registry;
import dev.sessions.auth.support.RegistryTestResource;
import dev.sessions.auth.support.StoreFaultProfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * Without PostgreSQL, sign-in answers 503 while refresh, the check and sign-out keep working (they need Redis only);
 * without Redis as well, everything but the keys answers 503.
 */
@QuarkusTest
@TestProfile(StoreFaultProfile.class)
@WithTestResource(value = RegistryTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class StoreOutageTest {

    AutoCloseable postgresLink;
    AutoCloseable redisLink;
    Consumer<String> postgresFaults;
    Consumer<String> redisFaults;

    /** Whatever a test cut, the links are whole again for the other tests of the profile. */
    @AfterEach
    void linksUp() {
        for (Consumer<String> link : List.of(postgresFaults, redisFaults)) {
            link.accept("down");
            link.accept("up");
        }
    }

    @Test
    void postgresDownMeansSignIn503WhileRefreshWorksThenRedisDownMeans503Everywhere() throws Exception {
        String email = ConfigProvider.getConfig().getValue("auth.bootstrap-admin.email", String.class);
        Session session = Api.login(email, RegistryTestResource.ADMIN_PASSWORD, false);
        Session other = Api.login(email, RegistryTestResource.ADMIN_PASSWORD, false);

        postgresLink.close();

        Api.postLogin(Api.address(), email, RegistryTestResource.ADMIN_PASSWORD, false)
                .then()
                .statusCode(503)
                .contentType("application/problem+json")
                .body("detail", equalTo("The user store is unavailable; try again shortly."));
        Api.from(session.address())
                .header("Authorization", Api.bearer(session.accessToken()))
                .get("/admin/users")
                .then()
                .statusCode(503)
                .contentType("application/problem+json");
        Session refreshed = Api.refresh(session);
        assertThat(Registry.check(refreshed.accessToken())).isEqualTo(204);
        Api.from(session.address())
                .cookie("refresh_token", refreshed.refreshCookie())
                .post("/auth/logout")
                .then()
                .statusCode(204);
        assertThat(Registry.check(refreshed.accessToken())).isEqualTo(401);

        redisLink.close();

        Api.postRefresh(other.address(), other.refreshCookie())
                .then()
                .statusCode(503)
                .contentType("application/problem+json");
        Api.postLogin(Api.address(), email, RegistryTestResource.ADMIN_PASSWORD, false)
                .then()
                .statusCode(503)
                .contentType("application/problem+json");
        Api.from(other.address())
                .header("Authorization", Api.bearer(other.accessToken()))
                .get("/admin/users")
                .then()
                .statusCode(503)
                .contentType("application/problem+json");
        Api.from(Api.address()).get("/auth/jwks.json").then().statusCode(200);
    }

    @Test
    void registrationSwitchedOffIsForbidden() {
        Api.from(Api.address())
                .contentType(ContentType.JSON)
                .body(Map.of("email", Api.email("closed"), "password", Api.PASSWORD, "displayName", "Closed"))
                .post("/auth/register")
                .then()
                .statusCode(403)
                .contentType("application/problem+json")
                .body("detail", equalTo("Registration is disabled."));
    }
}
