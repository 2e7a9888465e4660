package dev.sessions.e2e.gateway;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.sessions.e2e.E2eEnvironment;
import dev.sessions.e2e.GatewayClient;
import dev.sessions.e2e.GatewayClient.Answer;
import dev.sessions.e2e.GatewayClient.SignedIn;

import static org.assertj.core.api.Assertions.assertThat;

/** The real nginx of the e2e stack, configured from gateway-config/, routes and refuses as the contract says. */
class GatewayRoutingIT {

    private static final Pattern CONSOLE_ASSET = Pattern.compile("(?:src|href)=\"(/?assets/[^\"?#]+)\"");

    @Test
    void rootServesTheConsole() {
        Answer answer = GatewayClient.get("/");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.contentType()).startsWith("text/html");
        assertThat(answer.body()).containsIgnoringCase("<html");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"/signin", "/sessions", "/activity", "/users", "/reports", "/forgot-password", "/reset-password"
            })
    void consoleRoutesServeTheConsolePageToABrowser(String route) {
        Answer page = GatewayClient.get(route, "Accept", "text/html,application/xhtml+xml,*/*;q=0.8");

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.contentType()).startsWith("text/html");
        assertThat(page.body()).isEqualTo(GatewayClient.get("/").body());
    }

    @Test
    void consoleFilesAreServed() {
        Matcher asset = CONSOLE_ASSET.matcher(GatewayClient.get("/").body());
        assertThat(asset.find())
                .as("the console page references a file under /assets/")
                .isTrue();
        String path = asset.group(1).startsWith("/") ? asset.group(1) : "/" + asset.group(1);

        Answer file = GatewayClient.get(path);

        assertThat(file.status()).isEqualTo(200);
        assertThat(file.contentType()).doesNotStartWith("application/problem+json");
        assertThat(file.body()).isNotBlank();
    }

    @Test
    void sessionsWithoutABrowserIsTheRegistryApi() {
        Answer answer = GatewayClient.get("/sessions", "Accept", "application/json");

        assertProblem(answer, 401);
        assertThat(answer.header("Cache-Control")).hasValue("no-store");
    }

    @Test
    void protectedApiWithoutTokenIsUnauthorized() {
        Answer answer = GatewayClient.get("/api/whoami");

        assertProblem(answer, 401);
        assertThat(answer.header("Cache-Control")).hasValue("no-store");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "Bearer garbage",
                "Bearer eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJub2JvZHkifQ.c2lnbmF0dXJl",
                "Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJhZG1pbiIsInNpZCI6IngiLCJncm91cHMiOlsiYWRtaW4iXX0."
            })
    void protectedApiWithAnInvalidTokenIsUnauthorized(String authorization) {
        Answer answer = GatewayClient.get("/api/whoami", "Authorization", authorization);

        assertProblem(answer, 401);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/check",
                "/introspect",
                "/q/health",
                "/q/health/ready",
                "/q/openapi",
                "/q/swagger-ui/",
                "/internal/sessions",
                "/nonexistent",
                "/assets/does-not-exist.js",
                "/.env",
                "/auth/%2e%2e/q/health",
                "/sessions/%2e%2e/internal/sessions",
                "/api/../check"
            })
    void internalAndUnknownPathsAreNotFound(String path) {
        assertProblem(GatewayClient.get(path, "Authorization", "Bearer garbage"), 404);
    }

    @Test
    void internalCallsAndIntrospectionAreNotRoutedEvenWithTheInternalCredential() {
        String internal = "Bearer " + E2eEnvironment.internalToken();

        Answer open = GatewayClient.send(GatewayClient.request("/internal/sessions")
                .header("Authorization", internal)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"userId\":\"x\"}"))
                .build());
        Answer introspect = GatewayClient.send(GatewayClient.request("/introspect")
                .header("Authorization", internal)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("token=x"))
                .build());

        assertProblem(open, 404);
        assertProblem(introspect, 404);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/auth/login", "/auth/register", "/sessions", "/admin/users", "/api/whoami"})
    void bodiesOver64KiBAreRefused(String path) {
        Answer answer = GatewayClient.send(GatewayClient.request(path)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(jsonOfSize(65 * 1024)))
                .build());

        assertProblem(answer, 413);
    }

    @Test
    void bodiesJustUnder64KiBReachTheService() {
        Answer answer = GatewayClient.send(GatewayClient.request("/auth/login")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(jsonOfSize(63 * 1024)))
                .build());

        // auth-service itself judges the (unknown-field-laden, credential-less) body: a 4xx of its own, not 413.
        assertThat(answer.status()).isBetween(400, 499).isNotEqualTo(413);
        assertThat(answer.contentType()).startsWith("application/problem+json");
    }

    @Test
    void signedInCallerReachesTheAppWithTheirOwnIdentityNotSpoofedHeaders() {
        SignedIn admin = GatewayClient.signInAsAdmin();

        Answer answer = GatewayClient.get(
                "/api/whoami",
                "Authorization",
                admin.bearer(),
                "X-Auth-User",
                "spoofed-user",
                "X-Auth-Session",
                "spoofed-session",
                "X-Auth-Roles",
                "user,admin,root",
                "X-Forwarded-For",
                "81.2.69.142");

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.contentType()).startsWith("application/json");
        JsonNode whoami = answer.json();
        assertThat(whoami.path("userId").asText()).isEqualTo(admin.userId());
        assertThat(whoami.path("sessionId").asText()).isEqualTo(admin.sessionId());
        assertThat(texts(whoami.path("roles"))).containsExactlyInAnyOrder("user", "admin");
    }

    @Test
    void ordinaryUserGetsOnlyTheUserRole() {
        SignedIn user = GatewayClient.registerAndSignIn("gateway-roles");

        JsonNode whoami = GatewayClient.get("/api/whoami", "Authorization", user.bearer(), "X-Auth-Roles", "admin")
                .json();

        assertThat(whoami.path("userId").asText()).isEqualTo(user.userId());
        assertThat(texts(whoami.path("roles"))).containsExactly("user");
    }

    @Test
    void clientSentForwardedForIsOverwrittenWithThePeerAddress() {
        SignedIn user = GatewayClient.registerAndSignIn(
                "gateway-xff", "X-Forwarded-For", "81.2.69.142", "X-Real-IP", "81.2.69.142");

        Answer current = GatewayClient.get("/sessions/current", "Authorization", user.bearer());

        assertThat(current.status()).as(current.body()).isEqualTo(200);
        assertThat(current.json().path("ipAddress").asText()).isEqualTo("127.0.0.1");
        assertThat(current.json().path("location").isNull()).isTrue();
    }

    @Test
    void revokedSessionIsRefusedAtTheGateway() {
        SignedIn user = GatewayClient.registerAndSignIn("gateway-revoked");
        assertThat(GatewayClient.get("/api/whoami", "Authorization", user.bearer())
                        .status())
                .isEqualTo(200);

        Answer revoke = GatewayClient.send(GatewayClient.request("/sessions?scope=all")
                .header("Authorization", user.bearer())
                .DELETE()
                .build());

        assertThat(revoke.status()).as(revoke.body()).isEqualTo(200);
        assertProblem(GatewayClient.get("/api/whoami", "Authorization", user.bearer()), 401);
    }

    @Test
    void adminPathsReachTheServiceThatOwnsThem() {
        SignedIn admin = GatewayClient.signInAsAdmin();
        String stranger = UUID.randomUUID().toString();

        Answer users = GatewayClient.get("/admin/users?size=1", "Authorization", admin.bearer());
        Answer sessions =
                GatewayClient.get("/admin/users/" + admin.userId() + "/sessions", "Authorization", admin.bearer());
        Answer history =
                GatewayClient.get("/admin/users/" + admin.userId() + "/history", "Authorization", admin.bearer());
        Answer logout = GatewayClient.send(GatewayClient.request("/admin/users/" + stranger + "/logout")
                .header("Authorization", admin.bearer())
                .POST(HttpRequest.BodyPublishers.noBody())
                .build());
        Answer endUnknown = GatewayClient.send(GatewayClient.request("/admin/sessions/" + stranger)
                .header("Authorization", admin.bearer())
                .DELETE()
                .build());

        // auth-service answers the user list as a page ...
        assertThat(users.status()).as(users.body()).isEqualTo(200);
        assertThat(users.json().has("items")).isTrue();
        assertThat(users.header("Cache-Control")).hasValue("no-store");
        // ... the registry answers sessions as an array, history as events, logout as a count.
        assertThat(sessions.status()).as(sessions.body()).isEqualTo(200);
        assertThat(sessions.json().isArray()).isTrue();
        assertThat(sessions.json().findValuesAsText("id")).contains(admin.sessionId());
        assertThat(history.status()).as(history.body()).isEqualTo(200);
        assertThat(history.json().has("events")).isTrue();
        assertThat(logout.status()).as(logout.body()).isEqualTo(200);
        assertThat(logout.json().path("revoked").asInt(-1)).isZero();
        assertProblem(endUnknown, 404);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/auth/jwks.json", "/.well-known/jwks.json"})
    void publicKeysAreReachable(String path) {
        Answer answer = GatewayClient.get(path);

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().path("keys").isArray()).isTrue();
        assertThat(answer.json().path("keys")).isNotEmpty();
    }

    @Test
    void sampleAppBuildsWhoamiFromTheGatewayHeaders() {
        Answer answer = GatewayClient.send(GatewayClient.request(E2eEnvironment.appUrl(), "/api/whoami")
                .header("X-Auth-User", "u-1")
                .header("X-Auth-Session", "s-1")
                .header("X-Auth-Roles", "user,admin,auditor")
                .GET()
                .build());

        assertThat(answer.status()).isEqualTo(200);
        JsonNode whoami = answer.json();
        assertThat(whoami.path("userId").asText()).isEqualTo("u-1");
        assertThat(whoami.path("sessionId").asText()).isEqualTo("s-1");
        assertThat(texts(whoami.path("roles"))).containsExactly("user", "admin", "auditor");
    }

    @Test
    void sampleAppRefusesRequestsThatDidNotPassTheCheck() {
        Answer answer = GatewayClient.send(GatewayClient.request(E2eEnvironment.appUrl(), "/api/whoami")
                .GET()
                .build());

        assertProblem(answer, 401);
    }

    private static void assertProblem(Answer answer, int status) {
        assertThat(answer.status())
                .as("status of %s: %s", answer.raw().uri(), answer.body())
                .isEqualTo(status);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        JsonNode problem = answer.json();
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(problem.path("title").asText()).isNotBlank();
        assertThat(answer.body()).doesNotContain("Exception", "at dev.sessions", "SQL");
    }

    private static byte[] jsonOfSize(int size) {
        StringBuilder body = new StringBuilder(size).append("{\"padding\":\"");
        while (body.length() < size - 2) {
            body.append('x');
        }
        return body.append("\"}").toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }
}
