package dev.sessions.e2e.console;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.api.Assertions;

/** The HTTP calls the console tests make around the browser: users, sessions on other "devices", admin actions. */
final class ConsoleApi {

    static final String PASSWORD = "correct horse battery staple";

    static final String UA_WINDOWS_CHROME =
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36";
    static final String UA_IPHONE_SAFARI =
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1";
    static final String UA_IPAD_SAFARI =
            "Mozilla/5.0 (iPad; CPU OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1";
    static final String UA_LINUX_FIREFOX =
            "Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0";
    static final String UA_ANDROID_CHROME =
            "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36";
    static final String UA_SCRIPT = "curl/8.5.0";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Pattern REFRESH_COOKIE = Pattern.compile("(?:^|;\\s*)refresh_token=([^;]*)|^refresh_token=([^;]*)");

    private ConsoleApi() {
    }

    /** A registered user with a unique email. */
    record User(String id, String email, String displayName) {
    }

    /** A session opened over HTTP: its access token and the refresh cookie's value. */
    record Login(String accessToken, String refreshToken, String sessionId, String userId) {
    }

    /** A status and a parsed JSON body (null when there is none). */
    record Answer(int status, JsonNode body, HttpResponse<String> raw) {
    }

    static User registerUser(String label) {
        String email = label + "-" + UUID.randomUUID().toString().substring(0, 12) + "@e2e.test";
        String displayName = Character.toUpperCase(label.charAt(0)) + label.substring(1) + " Tester";
        Answer answer = send(post("/auth/register", Map.of("email", email, "password", PASSWORD, "displayName", displayName)));
        Assertions.assertThat(answer.status()).as("register %s", email).isEqualTo(201);
        return new User(answer.body().path("id").asText(), email, displayName);
    }

    static Login login(String email, String password, String userAgent) {
        return login(ConsoleEnvironment.gatewayUrl(), email, password, userAgent, null);
    }

    /**
     * Signs in straight at auth-service, as if from {@code clientAddress}: auth-service trusts the loopback peer's
     * X-Forwarded-For, which the gateway would overwrite.
     */
    static Login loginFrom(String clientAddress, String email, String userAgent) {
        return login(ConsoleEnvironment.authUrl(), email, PASSWORD, userAgent, clientAddress);
    }

    private static Login login(String baseUri, String email, String password, String userAgent, String clientAddress) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUri + "/auth/login"))
                .header("Content-Type", "application/json")
                .header("User-Agent", userAgent)
                .POST(json(Map.of("email", email, "password", password, "rememberMe", true)));
        if (clientAddress != null) {
            request.header("X-Forwarded-For", clientAddress);
        }
        Answer answer = send(request);
        Assertions.assertThat(answer.status()).as("login of %s", email).isEqualTo(200);
        return new Login(answer.body().path("accessToken").asText(), refreshCookie(answer.raw()),
                answer.body().path("sessionId").asText(), answer.body().path("user").path("id").asText());
    }

    static int loginStatus(String email, String password) {
        return send(post("/auth/login", Map.of("email", email, "password", password, "rememberMe", false))).status();
    }

    static int refreshStatus(String refreshToken) {
        return send(request("/auth/refresh").header("Cookie", "refresh_token=" + refreshToken)
                .POST(HttpRequest.BodyPublishers.noBody())).status();
    }

    static Login admin() {
        return login(ConsoleEnvironment.adminEmail(), ConsoleEnvironment.adminPassword(), UA_LINUX_FIREFOX);
    }

    static int whoamiStatus(String accessToken) {
        return send(request("/api/whoami").header("Authorization", "Bearer " + accessToken).GET()).status();
    }

    static List<Map<String, Object>> history(String accessToken) {
        Answer answer = send(request("/sessions/history?limit=100").header("Authorization", "Bearer " + accessToken)
                .header("Accept", "application/json").GET());
        Assertions.assertThat(answer.status()).isEqualTo(200);
        return JSON.convertValue(answer.body().path("events"), new TypeReference<>() { });
    }

    static int revokeOthers(String accessToken) {
        Answer answer = send(request("/sessions?scope=others").header("Authorization", "Bearer " + accessToken).DELETE());
        Assertions.assertThat(answer.status()).isEqualTo(200);
        return answer.body().path("revoked").asInt();
    }

    static void signOut(String accessToken) {
        Answer answer = send(request("/auth/logout").header("Authorization", "Bearer " + accessToken)
                .POST(HttpRequest.BodyPublishers.noBody()));
        Assertions.assertThat(answer.status()).isEqualTo(204);
    }

    static int forceLogout(String adminToken, String userId) {
        Answer answer = send(request("/admin/users/" + userId + "/logout").header("Authorization", "Bearer " + adminToken)
                .POST(HttpRequest.BodyPublishers.noBody()));
        Assertions.assertThat(answer.status()).isEqualTo(200);
        return answer.body().path("revoked").asInt();
    }

    /** `{text, url}` of the configured location data, or null. */
    static Map<String, Object> locationAttribution() {
        Answer answer = send(request("/sessions/meta").GET());
        Assertions.assertThat(answer.status()).isEqualTo(200);
        JsonNode attribution = answer.body().path("locationAttribution");
        return attribution.isObject() ? JSON.convertValue(attribution, new TypeReference<>() { }) : null;
    }

    private static HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(ConsoleEnvironment.gatewayUrl() + path)).timeout(Duration.ofSeconds(20));
    }

    private static HttpRequest.Builder post(String path, Map<String, Object> body) {
        return request(path).header("Content-Type", "application/json").POST(json(body));
    }

    private static HttpRequest.BodyPublisher json(Map<String, Object> body) {
        try {
            return HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Answer send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            String text = response.body();
            JsonNode body = text == null || text.isBlank() ? null : JSON.readTree(text);
            return new Answer(response.statusCode(), body, response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String refreshCookie(HttpResponse<String> response) {
        for (String header : response.headers().allValues("Set-Cookie")) {
            Matcher matcher = REFRESH_COOKIE.matcher(header);
            if (matcher.find()) {
                return matcher.group(1) != null ? matcher.group(1) : matcher.group(2);
            }
        }
        throw new AssertionError("no refresh_token cookie in " + response.headers().map());
    }
}
