package dev.sessions.e2e.console;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.assertj.core.api.Assertions;
import org.awaitility.Awaitility;

import dev.sessions.e2e.E2eEnvironment;
import dev.sessions.e2e.GatewayClient;
import dev.sessions.e2e.GatewayClient.Answer;
import dev.sessions.testing.UserAgents;

/** The HTTP calls the console tests make around the browser: users, sessions on other "devices", admin actions. */
final class ConsoleApi {

    static final String PASSWORD = "correct horse battery staple";

    static final String UA_WINDOWS_CHROME = UserAgents.CHROME_WINDOWS;
    static final String UA_IPHONE_SAFARI = UserAgents.SAFARI_IPHONE;
    static final String UA_IPAD_SAFARI =
            "Mozilla/5.0 (iPad; CPU OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1";
    static final String UA_LINUX_FIREFOX = UserAgents.FIREFOX_LINUX;
    static final String UA_ANDROID_CHROME =
            "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36";
    static final String UA_SCRIPT = "curl/8.5.0";

    private static final ObjectMapper JSON = new ObjectMapper();

    private ConsoleApi() {}

    /** A registered user with a unique email. */
    record User(String id, String email, String displayName) {}

    /** A session opened over HTTP: its access token and the refresh cookie's value. */
    record Login(String accessToken, String refreshToken, String sessionId, String userId) {}

    static User registerUser(String label) {
        String email = label + "-" + UUID.randomUUID().toString().substring(0, 12) + "@e2e.test";
        String displayName = Character.toUpperCase(label.charAt(0)) + label.substring(1) + " Tester";
        Answer answer =
                send(post("/auth/register", Map.of("email", email, "password", PASSWORD, "displayName", displayName)));
        Assertions.assertThat(answer.status())
                .as("register %s: %s", email, answer.body())
                .isEqualTo(201);
        return new User(answer.json().path("id").asText(), email, displayName);
    }

    static Login login(String email, String password, String userAgent) {
        return login(E2eEnvironment.gatewayUrl(), email, password, userAgent, null);
    }

    /**
     * Signs in straight at auth-service, as if from {@code clientAddress}: auth-service trusts the loopback peer's
     * X-Forwarded-For, which the gateway would overwrite.
     */
    static Login loginFrom(String clientAddress, String email, String userAgent) {
        return login(E2eEnvironment.authUrl(), email, PASSWORD, userAgent, clientAddress);
    }

    private static Login login(String baseUrl, String email, String password, String userAgent, String clientAddress) {
        HttpRequest.Builder request = GatewayClient.request(baseUrl, "/auth/login")
                .header("Content-Type", "application/json")
                .header("User-Agent", userAgent)
                .POST(GatewayClient.json(Map.of("email", email, "password", password, "rememberMe", true)));
        if (clientAddress != null) {
            request.header("X-Forwarded-For", clientAddress);
        }
        Answer answer = send(request);
        Assertions.assertThat(answer.status())
                .as("login of %s: %s", email, answer.body())
                .isEqualTo(200);
        JsonNode body = answer.json();
        return new Login(
                body.path("accessToken").asText(),
                GatewayClient.refreshCookie(answer).orElseThrow(),
                body.path("sessionId").asText(),
                body.path("user").path("id").asText());
    }

    static int loginStatus(String email, String password) {
        return send(post("/auth/login", Map.of("email", email, "password", password, "rememberMe", false)))
                .status();
    }

    static int refreshStatus(String refreshToken) {
        return refresh(refreshToken).status();
    }

    /** Refreshes, expecting success, and returns the new refresh cookie's value. */
    static String refreshed(String refreshToken) {
        Answer answer = refresh(refreshToken);
        Assertions.assertThat(answer.status()).as("refresh: %s", answer.body()).isEqualTo(200);
        return GatewayClient.refreshCookie(answer).orElseThrow();
    }

    /** The roles a refresh answers with, and the rotated refresh cookie's value. */
    record Refreshed(List<String> roles, String refreshToken) {}

    /** Refreshes, expecting success: the account's roles as of now (a refresh re-reads them). */
    static Refreshed refreshedRoles(String refreshToken) {
        Answer answer = refresh(refreshToken);
        Assertions.assertThat(answer.status()).as("refresh: %s", answer.body()).isEqualTo(200);
        List<String> roles = new ArrayList<>();
        answer.json().path("user").path("roles").forEach(role -> roles.add(role.asText()));
        return new Refreshed(roles, GatewayClient.refreshCookie(answer).orElseThrow());
    }

    private static Answer refresh(String refreshToken) {
        return send(GatewayClient.request("/auth/refresh")
                .header("Cookie", "refresh_token=" + refreshToken)
                .POST(HttpRequest.BodyPublishers.noBody()));
    }

    static Login admin() {
        return login(E2eEnvironment.adminEmail(), E2eEnvironment.adminPassword(), UA_LINUX_FIREFOX);
    }

    static int whoamiStatus(String accessToken) {
        return send(bearer("/api/whoami", accessToken).GET()).status();
    }

    static List<Map<String, Object>> history(String accessToken) {
        Answer answer = send(bearer("/sessions/history?limit=100", accessToken)
                .header("Accept", "application/json")
                .GET());
        Assertions.assertThat(answer.status()).isEqualTo(200);
        return JSON.convertValue(answer.json().path("events"), new TypeReference<>() {});
    }

    /** Waits until the history holds at least {@code events} events: it reaches PostgreSQL through the outbox. */
    static void awaitHistory(String accessToken, int events) {
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(() -> history(accessToken).size() >= events);
    }

    static int revokeOthers(String accessToken) {
        Answer answer = send(bearer("/sessions?scope=others", accessToken).DELETE());
        Assertions.assertThat(answer.status()).isEqualTo(200);
        return answer.json().path("revoked").asInt();
    }

    static void signOut(String accessToken) {
        Answer answer = send(bearer("/auth/logout", accessToken).POST(HttpRequest.BodyPublishers.noBody()));
        Assertions.assertThat(answer.status()).isEqualTo(204);
    }

    static int forceLogout(String adminToken, String userId) {
        Answer answer = send(
                bearer("/admin/users/" + userId + "/logout", adminToken).POST(HttpRequest.BodyPublishers.noBody()));
        Assertions.assertThat(answer.status()).isEqualTo(200);
        return answer.json().path("revoked").asInt();
    }

    /** `{text, url}` of the configured location data, or null. */
    static Map<String, Object> locationAttribution() {
        Answer answer = send(GatewayClient.request("/sessions/meta").GET());
        Assertions.assertThat(answer.status()).isEqualTo(200);
        JsonNode attribution = answer.json().path("locationAttribution");
        return attribution.isObject() ? JSON.convertValue(attribution, new TypeReference<>() {}) : null;
    }

    private static HttpRequest.Builder bearer(String path, String accessToken) {
        return GatewayClient.request(path).header("Authorization", "Bearer " + accessToken);
    }

    private static HttpRequest.Builder post(String path, Map<String, Object> body) {
        return GatewayClient.request(path)
                .header("Content-Type", "application/json")
                .POST(GatewayClient.json(body));
    }

    private static Answer send(HttpRequest.Builder request) {
        return GatewayClient.send(request.build());
    }
}
