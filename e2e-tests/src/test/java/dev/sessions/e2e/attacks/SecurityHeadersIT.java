package dev.sessions.e2e.attacks;

import java.net.http.HttpRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.sessions.e2e.GatewayClient;
import dev.sessions.e2e.GatewayClient.Answer;
import dev.sessions.e2e.GatewayClient.SignedIn;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway's security headers (contract, "Gateway"): the console's pages carry a Content-Security-Policy without
 * inline scripts that forbids framing, nosniff and a Referrer-Policy; every API answer carries nosniff, and every
 * API answer but the public key set carries {@code Cache-Control: no-store} (success and error alike).
 */
class SecurityHeadersIT {

    private static SignedIn user;

    @BeforeAll
    static void signIn() {
        user = GatewayClient.registerAndSignIn("headers");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/",
                "/index.html",
                "/signin",
                "/sessions",
                "/activity",
                "/users",
                "/forgot-password",
                "/reset-password"
            })
    void consolePagesCarryAStrictContentSecurityPolicy(String path) {
        Answer page = GatewayClient.get(path, "Accept", "text/html,application/xhtml+xml,*/*;q=0.8");

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.contentType()).startsWith("text/html");
        String policy = page.header("Content-Security-Policy").orElse("");
        assertThat(directive(policy, "default-src")).isIn("'self'", "'none'");
        assertThat(directive(policy, "script-src")).isIn("", "'self'");
        assertThat(policy).doesNotContain("unsafe-inline", "unsafe-eval", "*");
        assertThat(directive(policy, "frame-ancestors")).isEqualTo("'none'");
        assertThat(page.header("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(page.header("Referrer-Policy")).isPresent();
    }

    @Test
    void consoleFilesAreNotSniffed() {
        Answer script = GatewayClient.get("/assets/app.js");

        assertThat(script.status()).isEqualTo(200);
        assertThat(script.header("X-Content-Type-Options")).hasValue("nosniff");
    }

    @Test
    void everyApiAnswerIsNotSniffedAndNotStored() {
        Map<String, Supplier<Answer>> calls = new LinkedHashMap<>();
        calls.put("GET /sessions", () -> GatewayClient.get("/sessions", "Authorization", user.bearer()));
        calls.put(
                "GET /sessions/current", () -> GatewayClient.get("/sessions/current", "Authorization", user.bearer()));
        calls.put("GET /sessions (no token)", () -> GatewayClient.get("/sessions", "Accept", "application/json"));
        calls.put("GET /api/whoami", () -> GatewayClient.get("/api/whoami", "Authorization", user.bearer()));
        calls.put("GET /api/whoami (no token)", () -> GatewayClient.get("/api/whoami"));
        calls.put("GET /api/unknown", () -> GatewayClient.get("/api/unknown", "Authorization", user.bearer()));
        calls.put("GET /admin/users (user)", () -> GatewayClient.get("/admin/users", "Authorization", user.bearer()));
        calls.put(
                "GET /admin/users/x/sessions (user)",
                () -> GatewayClient.get("/admin/users/x/sessions", "Authorization", user.bearer()));
        calls.put(
                "POST /auth/refresh (no cookie)",
                () -> GatewayClient.send(GatewayClient.request("/auth/refresh")
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build()));
        calls.put(
                "POST /auth/login (malformed)",
                () -> GatewayClient.send(GatewayClient.request("/auth/login")
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{"))
                        .build()));
        calls.put("GET /auth/me", () -> GatewayClient.get("/auth/me", "Authorization", user.bearer()));
        calls.put("GET /check (gateway 404)", () -> GatewayClient.get("/check"));
        calls.put("GET /nowhere (gateway 404)", () -> GatewayClient.get("/nowhere"));

        calls.forEach((name, call) -> {
            Answer answer = call.get();
            assertThat(answer.header("X-Content-Type-Options"))
                    .as("nosniff on %s (%d)", name, answer.status())
                    .hasValue("nosniff");
            assertThat(answer.raw().headers().allValues("Cache-Control"))
                    .as("Cache-Control on %s (%d)", name, answer.status())
                    .containsExactly("no-store");
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"/auth/jwks.json", "/.well-known/jwks.json"})
    void thePublicKeySetIsNotSniffedButMayBeCached(String path) {
        Answer keys = GatewayClient.get(path);

        assertThat(keys.status()).isEqualTo(200);
        assertThat(keys.header("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(keys.header("Cache-Control").orElse("")).doesNotContain("no-store");
    }

    /** The sources of one directive of a policy ("" when absent). */
    private static String directive(String policy, String name) {
        for (String part : policy.split(";")) {
            String trimmed = part.trim();
            if (trimmed.startsWith(name + " ")) {
                return trimmed.substring(name.length()).trim();
            }
        }
        return "";
    }
}
