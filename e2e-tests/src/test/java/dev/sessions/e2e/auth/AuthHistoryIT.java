package dev.sessions.e2e.auth;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import dev.sessions.e2e.E2eEnvironment;
import dev.sessions.e2e.GatewayClient;
import dev.sessions.e2e.GatewayClient.Answer;
import dev.sessions.e2e.GatewayClient.SignedIn;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What auth-service does reaches the history the registry keeps in PostgreSQL: the events auth-service appends to the
 * outbox itself and the ends it asks the registry for. (Moved here from auth-service's module tests, which now check
 * the outbox entry or the end call against a fake registry.)
 */
class AuthHistoryIT {

    private static final String NEW_PASSWORD = "a brand new passphrase";

    @Test
    void aFailedSignInOfAnExistingAccountIsRecordedInItsHistory() {
        String email = GatewayClient.registerUser("e2e-history-failed");
        Answer failed = login(email, "not the password at all");
        assertThat(failed.status()).isEqualTo(401);

        SignedIn session = GatewayClient.signIn(email, GatewayClient.PASSWORD, false);

        Awaitility.await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            JsonNode events = history("/sessions/history", session).path("events");
            assertThat(events).anySatisfy(event -> {
                assertThat(event.path("type").asText()).isEqualTo("SIGN_IN_FAILED");
                // the gateway overwrites any forwarded address with the peer's: every e2e client is 127.0.0.1
                assertThat(event.path("ipAddress").asText()).isEqualTo("127.0.0.1");
                assertThat(event.path("actor").path("type").asText()).isEqualTo("USER");
                assertThat(event.path("actor").path("id").asText()).isEqualTo(session.userId());
            });
        });
    }

    @Test
    void aPasswordChangeIsRecorded() {
        String email = GatewayClient.registerUser("e2e-history-password");
        SignedIn current = GatewayClient.signIn(email, GatewayClient.PASSWORD, false);

        Answer change = GatewayClient.send(GatewayClient.request("/auth/password")
                .header("Authorization", current.bearer())
                .header("Content-Type", "application/json")
                .POST(GatewayClient.json(Map.of(
                        "currentPassword",
                        GatewayClient.PASSWORD,
                        "newPassword",
                        NEW_PASSWORD,
                        "signOutOtherSessions",
                        false)))
                .build());
        assertThat(change.status()).as(change.body()).isEqualTo(204);

        Awaitility.await()
                .atMost(Duration.ofSeconds(15))
                .untilAsserted(() ->
                        assertThat(types(history("/sessions/history", current))).contains("PASSWORD_CHANGED"));
    }

    @Test
    void theSignOutIsRecordedInTheHistory() {
        String email = GatewayClient.registerUser("e2e-history-logout");
        SignedIn session = GatewayClient.signIn(email, GatewayClient.PASSWORD, false);
        SignedIn other = GatewayClient.signIn(email, GatewayClient.PASSWORD, false);

        Answer logout = GatewayClient.send(GatewayClient.request("/auth/logout")
                .header("Cookie", "refresh_token=" + session.refreshToken())
                .header("Origin", E2eEnvironment.gatewayUrl())
                .POST(HttpRequest.BodyPublishers.noBody())
                .build());
        assertThat(logout.status()).isEqualTo(204);

        Awaitility.await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            List<String> types = new ArrayList<>();
            history("/sessions/history", other).path("events").forEach(event -> {
                if (event.path("sessionId").asText().equals(session.sessionId())) {
                    types.add(event.path("type").asText());
                }
            });
            assertThat(types).contains("SIGNED_OUT");
        });
    }

    @Test
    void aReusedRefreshTokenIsRecordedAsARevocationBySystem() {
        SignedIn session = GatewayClient.registerAndSignIn("e2e-history-reuse");
        Answer successor = refresh(session.refreshToken());
        assertThat(successor.status()).isEqualTo(200);
        Answer rotated = refresh(GatewayClient.refreshCookie(successor).orElseThrow());
        assertThat(rotated.status()).isEqualTo(200);

        Awaitility.await()
                .atMost(E2eEnvironment.reuseGrace().plusSeconds(15))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> refresh(session.refreshToken()).status() == 401);

        SignedIn admin = GatewayClient.signInAsAdmin();
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            JsonNode events = history("/admin/users/" + session.userId() + "/history", admin)
                    .path("events");
            assertThat(events).anySatisfy(event -> {
                assertThat(event.path("sessionId").asText()).isEqualTo(session.sessionId());
                assertThat(event.path("type").asText()).isEqualTo("REVOKED");
                assertThat(event.path("reason").asText()).isEqualTo("REFRESH_TOKEN_REUSE");
                assertThat(event.path("actor").path("type").asText()).isEqualTo("SYSTEM");
            });
        });
    }

    @Test
    void deactivationAndReactivationAreRecordedEvenWithoutASession() {
        String email = GatewayClient.registerUser("e2e-history-nosession");
        SignedIn admin = GatewayClient.signInAsAdmin();
        String userId = userIdOf(email, admin);

        assertThat(adminAction(admin, userId, "deactivate").status()).isEqualTo(204);
        assertThat(adminAction(admin, userId, "reactivate").status()).isEqualTo(204);

        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            JsonNode events =
                    history("/admin/users/" + userId + "/history", admin).path("events");
            assertThat(types(history("/admin/users/" + userId + "/history", admin)))
                    .containsExactly("ACCOUNT_REACTIVATED", "ACCOUNT_DEACTIVATED");
            events.forEach(event -> {
                assertThat(event.path("actor").path("type").asText()).isEqualTo("ADMIN");
                assertThat(event.path("actor").path("id").asText()).isEqualTo(admin.userId());
                assertThat(event.path("sessionId").isNull()
                                || event.path("sessionId").isMissingNode())
                        .isTrue();
            });
        });
    }

    @Test
    void aRolesChangeThroughTheGatewayIsRecordedAndReachesTheNextRefresh() {
        String email = GatewayClient.registerUser("e2e-history-roles");
        Answer signedIn = login(email, GatewayClient.PASSWORD);
        assertThat(signedIn.status()).as(signedIn.body()).isEqualTo(200);
        SignedIn admin = GatewayClient.signInAsAdmin();
        String userId = userIdOf(email, admin);

        Answer granted = GatewayClient.send(GatewayClient.request("/admin/users/" + userId + "/roles")
                .header("Authorization", admin.bearer())
                .header("Content-Type", "application/json")
                .PUT(GatewayClient.json(Map.of("roles", List.of("user", "admin"))))
                .build());

        assertThat(granted.status()).as(granted.body()).isEqualTo(204);
        Answer refreshed = refresh(GatewayClient.refreshCookie(signedIn).orElseThrow());
        assertThat(refreshed.status()).as(refreshed.body()).isEqualTo(200);
        assertThat(refreshed.json().path("user").path("roles").toString()).isEqualTo("[\"user\",\"admin\"]");
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            JsonNode events =
                    history("/admin/users/" + userId + "/history", admin).path("events");
            assertThat(events).anySatisfy(event -> {
                assertThat(event.path("type").asText()).isEqualTo("ROLES_CHANGED");
                assertThat(event.path("actor").path("type").asText()).isEqualTo("ADMIN");
                assertThat(event.path("actor").path("id").asText()).isEqualTo(admin.userId());
            });
        });
    }

    private static JsonNode history(String path, SignedIn caller) {
        Answer answer = GatewayClient.get(path, "Authorization", caller.bearer());
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.json();
    }

    private static List<String> types(JsonNode page) {
        List<String> types = new ArrayList<>();
        page.path("events").forEach(event -> types.add(event.path("type").asText()));
        return types;
    }

    private static String userIdOf(String email, SignedIn admin) {
        Answer listed = GatewayClient.get("/admin/users?query=" + email, "Authorization", admin.bearer());
        assertThat(listed.status()).as(listed.body()).isEqualTo(200);
        return listed.json().path("items").get(0).path("id").asText();
    }

    private static Answer adminAction(SignedIn admin, String userId, String action) {
        return GatewayClient.send(GatewayClient.request("/admin/users/" + userId + "/" + action)
                .header("Authorization", admin.bearer())
                .POST(HttpRequest.BodyPublishers.noBody())
                .build());
    }

    private static Answer login(String email, String password) {
        return GatewayClient.send(GatewayClient.request("/auth/login")
                .header("Content-Type", "application/json")
                .POST(GatewayClient.json(Map.of("email", email, "password", password, "rememberMe", false)))
                .build());
    }

    private static Answer refresh(String cookie) {
        return GatewayClient.send(GatewayClient.request("/auth/refresh")
                .header("Cookie", "refresh_token=" + cookie)
                .POST(HttpRequest.BodyPublishers.noBody())
                .build());
    }
}
