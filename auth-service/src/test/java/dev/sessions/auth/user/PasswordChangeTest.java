package dev.sessions.auth.user;

import java.net.Socket;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Transaction;
import io.vertx.mutiny.sqlclient.Tuple;
import org.junit.jupiter.api.Test;

import dev.sessions.auth.support.Api;
import dev.sessions.auth.support.Api.Session;
import dev.sessions.auth.support.Registry;
import dev.sessions.auth.support.RegistryTestResource;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/** Password change: current password required, policy, other sessions kept or revoked, history. */
@QuarkusTest
@WithTestResource(value = RegistryTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class PasswordChangeTest {

    private static final String NEW_PASSWORD = "a brand new passphrase";

    @Inject
    Pool pool;

    @Test
    void aChangeKeepsOtherSessionsByDefaultAndIsRecorded() {
        String email = Api.email("pw-keep");
        String userId = Api.register(email);
        Session current = Api.login(email);
        Session other = Api.login(email);

        change(current, Api.PASSWORD, NEW_PASSWORD, false).then().statusCode(204);

        assertThat(Registry.check(other.accessToken())).isEqualTo(204);
        assertThat(Registry.check(current.accessToken())).isEqualTo(204);
        Api.postLogin(Api.address(), email, Api.PASSWORD, false).then().statusCode(401);
        Api.login(email, NEW_PASSWORD, false);
        // the history itself (the registry's drain into PostgreSQL) is e2e-tests' AuthHistoryIT
        assertThat(Registry.outbox(userId))
                .extracting(event -> event.get("type"))
                .contains("PASSWORD_CHANGED");
    }

    @Test
    void signOutOtherSessionsRevokesAllButTheCurrentOne() {
        String email = Api.email("pw-others");
        Api.register(email);
        Session current = Api.login(email);
        Session other = Api.login(email);
        Session third = Api.login(email);

        change(current, Api.PASSWORD, NEW_PASSWORD, true).then().statusCode(204);

        assertThat(Registry.check(current.accessToken())).isEqualTo(204);
        assertThat(Registry.check(other.accessToken())).isEqualTo(401);
        assertThat(Registry.check(third.accessToken())).isEqualTo(401);
        Api.postRefresh(other.address(), other.refreshCookie()).then().statusCode(401);
        Api.refresh(current);
    }

    @Test
    void aWrongCurrentPasswordIs403AndChangesNothing() {
        String email = Api.email("pw-wrong");
        Api.register(email);
        Session session = Api.login(email);

        change(session, "definitely not it", NEW_PASSWORD, true)
                .then()
                .statusCode(403)
                .contentType("application/problem+json")
                .body("detail", equalTo("The current password is wrong."));

        Api.login(email, Api.PASSWORD, false);
    }

    @Test
    void theNewPasswordMustMeetThePolicy() {
        String email = Api.email("pw-policy");
        Api.register(email);
        Session session = Api.login(email);

        change(session, Api.PASSWORD, "short", false)
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("detail", equalTo("newPassword must be at least 10 characters."));
        Api.login(email, Api.PASSWORD, false);
    }

    @Test
    void withoutAValidLiveAccessTokenItIs401() {
        Api.from(Api.address())
                .contentType(ContentType.JSON)
                .body(Map.of("currentPassword", Api.PASSWORD, "newPassword", NEW_PASSWORD))
                .post("/auth/password")
                .then()
                .statusCode(401)
                .contentType("application/problem+json");

        String email = Api.email("pw-revoked");
        Api.register(email);
        Session session = Api.login(email);
        given().baseUri(Registry.url())
                .header("Authorization", Api.bearer(session.accessToken()))
                .queryParam("scope", "all")
                .delete("/sessions")
                .then()
                .statusCode(200);

        change(session, Api.PASSWORD, NEW_PASSWORD, false)
                .then()
                .statusCode(401)
                .contentType("application/problem+json");
        Api.login(email, Api.PASSWORD, false);
    }

    /**
     * The client goes away while the new password is being stored (its row held by another transaction meanwhile):
     * once stored, the change goes all the way, the other sessions signed out and the change recorded. Seen failing
     * before resources that change state ran to their end: the new password was in force and the other session was
     * still live, with nothing in the history.
     */
    @Test
    void aChangeWhoseClientGoesAwayWhileItIsStoredStillSignsOutTheOthers() throws Exception {
        String email = Api.email("pw-gone");
        String userId = Api.register(email);
        Session current = Api.login(email);
        Session other = Api.login(email);
        String body = "{\"currentPassword\":\"" + Api.PASSWORD + "\",\"newPassword\":\"" + NEW_PASSWORD
                + "\",\"signOutOtherSessions\":true}";

        String before = passwordHash(userId);
        SqlConnection holder = pool.getConnectionAndAwait();
        try {
            Transaction rowHeld = holder.beginAndAwait();
            holder.preparedQuery("SELECT 1 FROM auth.users WHERE id = $1 FOR UPDATE")
                    .executeAndAwait(Tuple.of(UUID.fromString(userId)));
            try (Socket client = Api.openPost("/auth/password", current.address(), current.accessToken(), body)) {
                await().atMost(Duration.ofSeconds(10))
                        .pollInterval(Duration.ofMillis(10))
                        .until(() -> updateWaitsForItsRow(userId));
            }
            rowHeld.commitAndAwait();
        } finally {
            holder.closeAndAwait();
        }

        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(passwordHash(userId))
                        .as("the stored password")
                        .isNotEqualTo(before));
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(Registry.check(other.accessToken()))
                        .as("the other session, once the new password is in force")
                        .isEqualTo(401));
        assertThat(Registry.outbox(userId))
                .extracting(event -> event.get("type"))
                .contains("PASSWORD_CHANGED");
        assertThat(Registry.check(current.accessToken())).isEqualTo(204);
        Api.login(email, NEW_PASSWORD, false);
    }

    private String passwordHash(String userId) {
        return pool.preparedQuery("SELECT password_hash FROM auth.users WHERE id = $1")
                .executeAndAwait(Tuple.of(UUID.fromString(userId)))
                .iterator()
                .next()
                .getString(0);
    }

    /** Whether the change's UPDATE of the user's row is waiting for the lock this test holds. */
    private boolean updateWaitsForItsRow(String userId) {
        return pool.preparedQuery("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                                + " AND query LIKE 'UPDATE auth.users SET password_hash%'")
                        .executeAndAwait()
                        .iterator()
                        .next()
                        .getLong(0)
                > 0;
    }

    private static Response change(Session session, String current, String next, boolean signOutOthers) {
        return Api.from(session.address())
                .contentType(ContentType.JSON)
                .header("Authorization", Api.bearer(session.accessToken()))
                .body(Map.of("currentPassword", current, "newPassword", next, "signOutOtherSessions", signOutOthers))
                .post("/auth/password");
    }
}
