package dev.sessions.e2e.attacks;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.sessions.e2e.E2eEnvironment;
import dev.sessions.e2e.GatewayClient;
import dev.sessions.e2e.GatewayClient.SignedIn;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Paths that try to reach the registry's {@code /check} or {@code /introspect}, Quarkus' {@code /q/*} or the internal
 * endpoints through the gateway, with dot segments, encodings, matrix parameters and doubled slashes. The requests
 * carry credentials that would succeed there (a live user's token, the internal token), so reaching the endpoint
 * would show as a 2xx: every one must be a 404 or 405 problem+json instead (400 for what nginx cannot parse).
 */
class PathTricksIT {

    private static SignedIn user;

    @BeforeAll
    static void signIn() {
        user = GatewayClient.registerAndSignIn("paths");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/check",
                "//check",
                "///check",
                "/./check",
                "/check/",
                "/check;x",
                "/check%3b",
                "/check%00",
                "/CHECK",
                "/%63heck",
                "/sessions/../check",
                "/sessions/%2e%2e/check",
                "/sessions/%2E%2E/check",
                "/sessions/.%2e/check",
                "/sessions/%2e%2e%2fcheck",
                "/sessions/..%2fcheck",
                "/sessions/..%5ccheck",
                "/sessions/..;/check",
                "/sessions/..%3b/check",
                "/sessions/x/..;/..;/check",
                "/api/../check",
                "/api/..;/check",
                "/api/%2e%2e/check",
                "/auth/..;/check",
                "/_gateway/check",
                "/_gateway/problem/404",
                "/introspect",
                "/introspect/",
                "//introspect",
                "/introspect;x",
                "/auth/../introspect",
                "/sessions/..;/introspect",
                "/sessions/%2e%2e/introspect",
                "/q/health",
                "/q/health/ready",
                "//q/health",
                "/%71/health",
                "/Q/health",
                "/auth/..;/q/health",
                "/sessions/..;/q/health",
                "/auth/%2e%2e/q/health",
                "/sessions/%2e%2e/q/openapi",
                "/q/swagger-ui/",
                "/internal/sessions",
                "//internal/sessions",
                "/%69nternal/sessions",
                "/auth/..;/internal/sessions",
                "/sessions/..;/internal/sessions",
                "/sessions/%2e%2e/internal/sessions",
                "/admin/../internal/sessions",
                "/admin/users/x/..;/..;/..;/internal/sessions",
                "/admin/%2e%2e/internal/sessions"
            })
    void trickPathsNeverReachCheckIntrospectionQuarkusOrInternalEndpoints(String path) {
        RawHttp.Reply get = RawHttp.get(path, "Authorization: " + user.bearer());
        byte[] form = ("token=" + user.accessToken()).getBytes(StandardCharsets.US_ASCII);
        RawHttp.Reply post = RawHttp.send(
                "POST " + path + " HTTP/1.1",
                new String[] {
                    "Authorization: Bearer " + E2eEnvironment.internalToken(),
                    "Content-Type: application/x-www-form-urlencoded",
                    "Content-Length: " + form.length
                },
                form);

        get.assertProblem(get.status());
        assertThat(get.status()).as("GET %s: %s", path, get).isIn(400, 404, 405);
        post.assertProblem(post.status());
        if (path.startsWith("/api/")) {
            // under /api/ the gateway's check runs first, and the internal token is no user's token
            assertThat(post.status()).as("POST %s: %s", path, post).isIn(400, 401, 404, 405);
        } else {
            assertThat(post.status()).as("POST %s: %s", path, post).isIn(400, 404, 405);
        }
    }
}
