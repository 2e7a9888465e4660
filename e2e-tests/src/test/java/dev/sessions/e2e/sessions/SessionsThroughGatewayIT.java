package dev.sessions.e2e.sessions;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import dev.sessions.e2e.E2eEnvironment;
import dev.sessions.e2e.GatewayClient;
import dev.sessions.e2e.GatewayClient.Answer;
import dev.sessions.e2e.GatewayClient.SignedIn;
import dev.sessions.testing.UserAgents;

import static org.assertj.core.api.Assertions.assertThat;

/** The registry's contract rows as an SPA sees them through the gateway, with the real auth-service minting tokens. */
class SessionsThroughGatewayIT {

    private static final String WINDOWS_CHROME = UserAgents.CHROME_WINDOWS;
    private static final String IPHONE_SAFARI = UserAgents.SAFARI_IPHONE;

    @Test
    void listShowsDevicesWithTheCurrentSessionFirstAndIsNeverCached() {
        String email = GatewayClient.registerUser("sessions-list");
        SignedIn phone = GatewayClient.signIn(email, GatewayClient.PASSWORD, false, "User-Agent", IPHONE_SAFARI);
        SignedIn laptop = GatewayClient.signIn(email, GatewayClient.PASSWORD, true, "User-Agent", WINDOWS_CHROME);

        Answer list = api("GET", "/sessions", laptop);

        assertThat(list.status()).isEqualTo(200);
        assertThat(list.header("Cache-Control")).contains("no-store");
        JsonNode sessions = list.json();
        assertThat(sessions).hasSize(2);
        assertThat(sessions.get(0).path("id").asText()).isEqualTo(laptop.sessionId());
        assertThat(sessions.get(0).path("current").asBoolean()).isTrue();
        assertThat(sessions.get(0).path("rememberMe").asBoolean()).isTrue();
        assertThat(sessions.get(0).path("device").path("type").asText()).isEqualTo("Computer");
        assertThat(sessions.get(0).path("device").path("os").asText()).isEqualTo("Windows");
        assertThat(sessions.get(0).path("device").path("browser").asText()).isEqualTo("Chrome");
        assertThat(sessions.get(1).path("id").asText()).isEqualTo(phone.sessionId());
        assertThat(sessions.get(1).path("current").asBoolean()).isFalse();
        assertThat(sessions.get(1).path("device").path("type").asText()).isEqualTo("Smartphone");
        assertThat(sessions.get(1).path("device").path("browser").asText()).isEqualTo("Safari");
        assertThat(sessions.get(1).path("expiresAt").asText()).endsWith("Z");

        Answer current = api("GET", "/sessions/current", phone);
        assertThat(current.status()).isEqualTo(200);
        assertThat(current.json().path("id").asText()).isEqualTo(phone.sessionId());
    }

    @Test
    void aRevokedSessionIsRefusedByTheGatewayOnItsNextRequest() {
        String email = GatewayClient.registerUser("sessions-revoke");
        SignedIn mine = GatewayClient.signIn(email, GatewayClient.PASSWORD, false, "User-Agent", WINDOWS_CHROME);
        SignedIn lost = GatewayClient.signIn(email, GatewayClient.PASSWORD, false, "User-Agent", IPHONE_SAFARI);
        assertThat(api("GET", "/api/whoami", lost).status()).isEqualTo(200);

        assertThat(api("DELETE", "/sessions/" + lost.sessionId(), mine).status())
                .isEqualTo(204);

        Answer refused = api("GET", "/api/whoami", lost);
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(api("GET", "/sessions", lost).status()).isEqualTo(401);
        assertThat(api("GET", "/api/whoami", mine).status()).isEqualTo(200);
    }

    @Test
    void deletingSomeoneElsesSessionAnswersLikeSuccessAndChangesNothing() {
        SignedIn me = GatewayClient.registerAndSignIn("sessions-probe");
        SignedIn stranger = GatewayClient.registerAndSignIn("sessions-stranger");

        assertThat(api("DELETE", "/sessions/" + stranger.sessionId(), me).status())
                .isEqualTo(204);
        assertThat(api("DELETE", "/sessions/" + UUID.randomUUID(), me).status()).isEqualTo(204);

        assertThat(api("GET", "/api/whoami", stranger).status()).isEqualTo(200);
    }

    @Test
    void signOutOfOthersThenOfAll() {
        String email = GatewayClient.registerUser("sessions-scopes");
        SignedIn first = GatewayClient.signIn(email, GatewayClient.PASSWORD, false);
        SignedIn second = GatewayClient.signIn(email, GatewayClient.PASSWORD, false);
        SignedIn third = GatewayClient.signIn(email, GatewayClient.PASSWORD, false);

        Answer others = api("DELETE", "/sessions?scope=others", third);
        assertThat(others.status()).isEqualTo(200);
        assertThat(others.json().path("revoked").asInt()).isEqualTo(2);
        assertThat(api("GET", "/api/whoami", first).status()).isEqualTo(401);
        assertThat(api("GET", "/api/whoami", second).status()).isEqualTo(401);
        assertThat(api("GET", "/api/whoami", third).status()).isEqualTo(200);

        Answer all = api("DELETE", "/sessions?scope=all", third);
        assertThat(all.status()).isEqualTo(200);
        assertThat(all.json().path("revoked").asInt()).isEqualTo(1);
        assertThat(api("GET", "/api/whoami", third).status()).isEqualTo(401);
    }

    @Test
    void historyListsTheSessionEventsNewestFirst() {
        String email = GatewayClient.registerUser("sessions-history");
        SignedIn mine = GatewayClient.signIn(email, GatewayClient.PASSWORD, false, "User-Agent", WINDOWS_CHROME);
        SignedIn other = GatewayClient.signIn(email, GatewayClient.PASSWORD, false, "User-Agent", IPHONE_SAFARI);
        assertThat(api("DELETE", "/sessions/" + other.sessionId(), mine).status())
                .isEqualTo(204);

        JsonNode page = Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(
                        () -> api("GET", "/sessions/history?limit=10", mine).json(),
                        json -> json.path("events").size() >= 3);

        List<String> types = new ArrayList<>();
        page.path("events").forEach(event -> types.add(event.path("type").asText()));
        assertThat(types).startsWith("REVOKED", "SIGNED_IN", "SIGNED_IN");
        JsonNode revoked = page.path("events").get(0);
        assertThat(revoked.path("reason").asText()).isEqualTo("USER_REVOKED");
        assertThat(revoked.path("actor").path("type").asText()).isEqualTo("USER");
        assertThat(revoked.path("actor").path("id").asText()).isEqualTo(mine.userId());
        assertThat(revoked.path("sessionId").asText()).isEqualTo(other.sessionId());
        assertThat(revoked.path("device").path("os").asText()).isEqualTo("iOS");
    }

    @Test
    void adminsListAndForceLogoutAUsersSessions() {
        SignedIn admin = GatewayClient.signInAsAdmin();
        SignedIn user = GatewayClient.registerAndSignIn("sessions-admin");

        Answer list = api("GET", "/admin/users/" + user.userId() + "/sessions", admin);
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.json()).hasSize(1);
        assertThat(list.json().get(0).path("current").asBoolean()).isFalse();
        assertThat(api("GET", "/admin/users/" + user.userId() + "/sessions", user)
                        .status())
                .isEqualTo(403);

        Answer logout = api("POST", "/admin/users/" + user.userId() + "/logout", admin);
        assertThat(logout.status()).isEqualTo(200);
        assertThat(logout.json().path("revoked").asInt()).isEqualTo(1);
        assertThat(api("GET", "/api/whoami", user).status()).isEqualTo(401);
        assertThat(api("DELETE", "/admin/sessions/" + user.sessionId(), admin).status())
                .isEqualTo(404);
    }

    @Test
    void checkAndIntrospectionAreNotReachableThroughTheGateway() {
        SignedIn user = GatewayClient.registerAndSignIn("sessions-hidden");
        for (String path : List.of("/check", "/introspect", "/internal/sessions")) {
            Answer answer = api("GET", path, user);
            assertThat(answer.status()).as(path).isEqualTo(404);
            assertThat(answer.contentType()).as(path).startsWith("application/problem+json");
        }
    }

    @Test
    void locationsComeFromTheLocationDataTheStackInstalled() {
        String userId = "e2e-geo-" + UUID.randomUUID();
        Instant max = Instant.now().plus(1, ChronoUnit.DAYS);
        HttpRequest open = GatewayClient.request(E2eEnvironment.registryUrl(), "/internal/sessions")
                .header("Authorization", "Bearer " + E2eEnvironment.internalToken())
                .header("Content-Type", "application/json")
                .POST(GatewayClient.json(Map.of(
                        "userId",
                        userId,
                        "userAgent",
                        WINDOWS_CHROME,
                        "ipAddress",
                        "81.2.69.142",
                        "rememberMe",
                        false,
                        "expiresAt",
                        max.toString(),
                        "maxExpiresAt",
                        max.toString())))
                .build();
        assertThat(GatewayClient.send(open).status()).isEqualTo(201);
        SignedIn admin = GatewayClient.signInAsAdmin();

        JsonNode session =
                api("GET", "/admin/users/" + userId + "/sessions", admin).json().get(0);
        JsonNode meta = GatewayClient.get("/sessions/meta", "Accept", "application/json")
                .json();

        if (E2eEnvironment.geoipEnabled()) {
            assertThat(session.path("location").path("city").asText()).isEqualTo("London");
            assertThat(session.path("location").path("country").asText()).isEqualTo("United Kingdom");
            assertThat(session.path("location").path("countryCode").asText()).isEqualTo("GB");
            assertThat(meta.path("locationAttribution").path("url").asText()).isEqualTo("https://db-ip.com");
        } else {
            assertThat(session.path("location").isNull()).isTrue();
            assertThat(meta.path("locationAttribution").isNull()).isTrue();
        }
        api("POST", "/admin/users/" + userId + "/logout", admin);
    }

    private static Answer api(String method, String path, SignedIn caller) {
        return GatewayClient.send(GatewayClient.request(path)
                .header("Authorization", caller.bearer())
                .header("Accept", "application/json")
                .method(method, HttpRequest.BodyPublishers.noBody())
                .build());
    }
}
