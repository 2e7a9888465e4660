package dev.sessions.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * HTTP through the gateway the way a browser or SPA talks to it, for the end-to-end tests of every package:
 * raw requests (paths are sent exactly as written), registration and sign-in.
 */
public final class GatewayClient {

    /** The password every user made by {@link #registerUser(String)} has (10+ characters, as the policy asks). */
    public static final String PASSWORD = "correct horse battery staple";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private GatewayClient() {}

    /** A response with its body as text; {@link #json()} parses it. */
    public record Answer(int status, HttpResponse<String> raw) {

        public String body() {
            return raw.body();
        }

        public JsonNode json() {
            try {
                return JSON.readTree(raw.body());
            } catch (IOException e) {
                throw new AssertionError("not JSON (status " + status + "): " + raw.body(), e);
            }
        }

        public Optional<String> header(String name) {
            return raw.headers().firstValue(name);
        }

        public String contentType() {
            return header("Content-Type").orElse("");
        }
    }

    /** A live session opened through the gateway's {@code POST /auth/login}. */
    public record SignedIn(
            String accessToken,
            String refreshToken,
            String sessionId,
            String userId,
            String email,
            List<String> roles) {

        /** The value of the {@code Authorization} header. */
        public String bearer() {
            return "Bearer " + accessToken;
        }
    }

    /** A request builder for a gateway path, e.g. {@code request("/sessions")}. */
    public static HttpRequest.Builder request(String path) {
        return request(E2eEnvironment.gatewayUrl(), path);
    }

    /** A request builder for a path on any base URL (a service's own port, the sample app). */
    public static HttpRequest.Builder request(String baseUrl, String path) {
        return HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(20));
    }

    /** {@code GET} of a gateway path with optional header name/value pairs. */
    public static Answer get(String path, String... headers) {
        HttpRequest.Builder builder = request(path).GET();
        for (int i = 0; i + 1 < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        return send(builder.build());
    }

    /** A JSON body for {@link HttpRequest.Builder#POST}. */
    public static HttpRequest.BodyPublisher json(Object body) {
        try {
            return HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Answer send(HttpRequest request) {
        try {
            HttpResponse<String> response =
                    HTTP.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Answer(response.statusCode(), response);
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Registers a user with a unique email (prefixed by {@code label}) and {@link #PASSWORD}; returns the email. */
    public static String registerUser(String label) {
        String email = label + "-" + UUID.randomUUID().toString().substring(0, 12) + "@e2e.test";
        Answer answer = send(request("/auth/register")
                .header("Content-Type", "application/json")
                .POST(json(Map.of("email", email, "password", PASSWORD, "displayName", label + " tester")))
                .build());
        assertThat(answer.status())
                .as("POST /auth/register %s: %s", email, answer.body())
                .isEqualTo(201);
        return email;
    }

    /** Registers a fresh user and signs them in. */
    public static SignedIn registerAndSignIn(String label, String... headers) {
        return signIn(registerUser(label), PASSWORD, false, headers);
    }

    /** Signs the stack's bootstrap admin in (a new session each time). */
    public static SignedIn signInAsAdmin() {
        return signIn(E2eEnvironment.adminEmail(), E2eEnvironment.adminPassword(), false);
    }

    /** {@code POST /auth/login} through the gateway, with optional extra header name/value pairs. */
    public static SignedIn signIn(String email, String password, boolean rememberMe, String... headers) {
        HttpRequest.Builder builder = request("/auth/login")
                .header("Content-Type", "application/json")
                .POST(json(Map.of("email", email, "password", password, "rememberMe", rememberMe)));
        for (int i = 0; i + 1 < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        Answer answer = send(builder.build());
        assertThat(answer.status())
                .as("POST /auth/login %s: %s", email, answer.body())
                .isEqualTo(200);
        JsonNode body = answer.json();
        List<String> roles = new ArrayList<>();
        body.path("user").path("roles").forEach(role -> roles.add(role.asText()));
        return new SignedIn(
                body.path("accessToken").asText(),
                refreshCookie(answer).orElse(null),
                body.path("sessionId").asText(),
                body.path("user").path("id").asText(),
                email,
                List.copyOf(roles));
    }

    /** The value of the {@code refresh_token} cookie a response sets, if any. */
    public static Optional<String> refreshCookie(Answer answer) {
        return answer.raw().headers().allValues("Set-Cookie").stream()
                .filter(cookie -> cookie.startsWith("refresh_token="))
                .map(cookie -> cookie.substring("refresh_token=".length()).split(";", 2)[0])
                .findFirst();
    }
}
