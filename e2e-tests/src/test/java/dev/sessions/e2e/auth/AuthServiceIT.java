package dev.sessions.e2e.auth;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import dev.sessions.e2e.E2eEnvironment;
import dev.sessions.e2e.GatewayClient;
import dev.sessions.e2e.GatewayClient.Answer;
import dev.sessions.e2e.GatewayClient.SignedIn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** auth-service through the real gateway with the real registry: what a browser or SPA sees. */
class AuthServiceIT {

    private static final String COOKIE_ATTRIBUTES = "; Path=/auth; HttpOnly; Secure; SameSite=Strict";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aSignedInUsersTokenOpensTheProtectedApi() {
        SignedIn session = GatewayClient.registerAndSignIn("e2e-auth-whoami");

        Answer whoami = GatewayClient.get("/api/whoami", "Authorization", session.bearer());

        assertThat(whoami.status()).isEqualTo(200);
        assertThat(whoami.json().path("userId").asText()).isEqualTo(session.userId());
        assertThat(whoami.json().path("sessionId").asText()).isEqualTo(session.sessionId());
        assertThat(session.roles()).containsExactly("user");
    }

    @Test
    void theRefreshCookieReachesTheBrowserUnchanged() {
        String email = GatewayClient.registerUser("e2e-auth-cookie");

        Answer plain = login(email, false);
        Answer remembered = login(email, true);

        assertThat(setCookie(plain))
                .matches("refresh_token=[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]{43}"
                        + COOKIE_ATTRIBUTES.replace(".", "\\."));
        assertThat(setCookie(remembered)).contains(COOKIE_ATTRIBUTES).containsPattern("; Max-Age=\\d+$");
        assertThat(plain.header("Cache-Control")).hasValue("no-store");
    }

    @Test
    void refreshRotatesTheCookieForTheGatewaysOriginAndRefusesOthers() {
        SignedIn session = GatewayClient.registerAndSignIn("e2e-auth-refresh");

        Answer foreign = refresh(session.refreshToken(), "https://evil.example");
        Answer refreshed = refresh(session.refreshToken(), E2eEnvironment.gatewayUrl());

        assertProblem(foreign, 403);
        assertThat(refreshed.status()).as(refreshed.body()).isEqualTo(200);
        String next = GatewayClient.refreshCookie(refreshed).orElseThrow();
        assertThat(next).isNotEqualTo(session.refreshToken());
        assertThat(GatewayClient.get("/api/whoami", "Authorization", bearer(refreshed))
                        .status())
                .isEqualTo(200);
    }

    @Test
    void tabsRefreshingAtOnceAllGetTheSameNewCookie() throws Exception {
        SignedIn session = GatewayClient.registerAndSignIn("e2e-auth-tabs");
        int tabs = 3;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(tabs);
        try {
            List<CompletableFuture<Answer>> refreshes = IntStream.range(0, tabs)
                    .mapToObj(i -> CompletableFuture.supplyAsync(
                            () -> {
                                awaitQuietly(start);
                                return refresh(session.refreshToken(), null);
                            },
                            pool))
                    .toList();
            start.countDown();
            List<Answer> answers =
                    refreshes.stream().map(CompletableFuture::join).toList();

            assertThat(answers).extracting(Answer::status).containsOnly(200);
            assertThat(answers)
                    .extracting(answer -> GatewayClient.refreshCookie(answer).orElseThrow())
                    .containsOnly(GatewayClient.refreshCookie(answers.get(0)).orElseThrow());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anOldCookieAfterTheGraceWindowEndsTheSessionEverywhere() {
        SignedIn session = GatewayClient.registerAndSignIn("e2e-auth-reuse");
        Answer successor = refresh(session.refreshToken(), null);
        assertThat(successor.status()).isEqualTo(200);
        // the successor used: from now on the old cookie is reuse once the grace window has passed
        Answer rotated = refresh(GatewayClient.refreshCookie(successor).orElseThrow(), null);
        assertThat(rotated.status()).isEqualTo(200);

        await().atMost(E2eEnvironment.reuseGrace().plusSeconds(15))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> refresh(session.refreshToken(), null).status() == 401);

        assertProblem(GatewayClient.get("/api/whoami", "Authorization", bearer(rotated)), 401);
        assertProblem(GatewayClient.get("/api/whoami", "Authorization", session.bearer()), 401);
        assertProblem(refresh(GatewayClient.refreshCookie(rotated).orElseThrow(), null), 401);
    }

    @Test
    void signOutWithTheCookieEndsTheSessionAndClearsIt() {
        SignedIn session = GatewayClient.registerAndSignIn("e2e-auth-logout");

        Answer logout = GatewayClient.send(GatewayClient.request("/auth/logout")
                .header("Cookie", "refresh_token=" + session.refreshToken())
                .header("Origin", E2eEnvironment.gatewayUrl())
                .POST(HttpRequest.BodyPublishers.noBody())
                .build());

        assertThat(logout.status()).isEqualTo(204);
        assertThat(setCookie(logout)).isEqualTo("refresh_token=" + COOKIE_ATTRIBUTES + "; Max-Age=0");
        assertProblem(GatewayClient.get("/api/whoami", "Authorization", session.bearer()), 401);
        assertProblem(refresh(session.refreshToken(), null), 401);
    }

    @Test
    void aPasswordChangeCanSignOutEveryOtherSession() {
        String email = GatewayClient.registerUser("e2e-auth-password");
        SignedIn current = GatewayClient.signIn(email, GatewayClient.PASSWORD, false);
        SignedIn other = GatewayClient.signIn(email, GatewayClient.PASSWORD, false);

        Answer change = GatewayClient.send(GatewayClient.request("/auth/password")
                .header("Authorization", current.bearer())
                .header("Content-Type", "application/json")
                .POST(GatewayClient.json(Map.of(
                        "currentPassword",
                        GatewayClient.PASSWORD,
                        "newPassword",
                        "another long passphrase",
                        "signOutOtherSessions",
                        true)))
                .build());

        assertThat(change.status()).as(change.body()).isEqualTo(204);
        assertThat(GatewayClient.get("/api/whoami", "Authorization", current.bearer())
                        .status())
                .isEqualTo(200);
        assertProblem(GatewayClient.get("/api/whoami", "Authorization", other.bearer()), 401);
        GatewayClient.signIn(email, "another long passphrase", false);
    }

    @Test
    void deactivationEndsEverySessionAtOnceAndBlocksSignIn() {
        String email = GatewayClient.registerUser("e2e-auth-deactivate");
        SignedIn user = GatewayClient.signIn(email, GatewayClient.PASSWORD, false);
        SignedIn admin = GatewayClient.signInAsAdmin();

        Answer deactivate = GatewayClient.send(GatewayClient.request("/admin/users/" + user.userId() + "/deactivate")
                .header("Authorization", admin.bearer())
                .POST(HttpRequest.BodyPublishers.noBody())
                .build());

        assertThat(deactivate.status()).as(deactivate.body()).isEqualTo(204);
        assertProblem(GatewayClient.get("/api/whoami", "Authorization", user.bearer()), 401);
        assertProblem(login(email, false), 403);
        Answer listed = GatewayClient.get("/admin/users?query=" + email, "Authorization", admin.bearer());
        assertThat(listed.json().path("items").get(0).path("status").asText()).isEqualTo("DEACTIVATED");

        Answer reactivate = GatewayClient.send(GatewayClient.request("/admin/users/" + user.userId() + "/reactivate")
                .header("Authorization", admin.bearer())
                .POST(HttpRequest.BodyPublishers.noBody())
                .build());
        assertThat(reactivate.status()).isEqualTo(204);
        GatewayClient.signIn(email, GatewayClient.PASSWORD, false);
    }

    @Test
    void theKeysArePublishedAtBothAddresses() {
        Answer auth = GatewayClient.get("/auth/jwks.json");
        Answer wellKnown = GatewayClient.get("/.well-known/jwks.json");

        assertThat(auth.status()).isEqualTo(200);
        assertThat(wellKnown.body()).isEqualTo(auth.body());
        JsonNode key = auth.json().path("keys").get(0);
        assertThat(key.path("kid").asText()).isNotBlank();
        assertThat(key.has("d")).isFalse();
    }

    @Test
    void theKeyTheStackGeneratesSignsEdDsaTokensThatTheGatewayAccepts() throws Exception {
        SignedIn user = GatewayClient.registerAndSignIn("e2e-auth-eddsa");
        JsonNode header = JSON.readTree(Base64.getUrlDecoder()
                .decode(user.accessToken().substring(0, user.accessToken().indexOf('.'))));
        JsonNode key = GatewayClient.get("/auth/jwks.json").json().path("keys").get(0);

        assertThat(header.path("alg").asText()).isEqualTo("EdDSA");
        assertThat(header.path("kid").asText()).isEqualTo(key.path("kid").asText());
        assertThat(key.path("kty").asText()).isEqualTo("OKP");
        assertThat(key.path("crv").asText()).isEqualTo("Ed25519");
        assertThat(key.path("alg").asText()).isEqualTo("EdDSA");
        assertThat(GatewayClient.get("/api/whoami", "Authorization", user.bearer())
                        .status())
                .isEqualTo(200);
    }

    @Test
    void wrongCredentialsAndBadBodiesAreProblems() {
        String email = GatewayClient.registerUser("e2e-auth-errors");

        assertProblem(login(email, "wrong-password", false), 401);
        assertProblem(
                GatewayClient.send(GatewayClient.request("/auth/login")
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"email\":"))
                        .build()),
                400);
        assertProblem(
                GatewayClient.send(GatewayClient.request("/auth/login")
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"email\":\"" + "a".repeat(70_000) + "\"}"))
                        .build()),
                413);
    }

    private static Answer login(String email, boolean rememberMe) {
        return login(email, GatewayClient.PASSWORD, rememberMe);
    }

    private static Answer login(String email, String password, boolean rememberMe) {
        return GatewayClient.send(GatewayClient.request("/auth/login")
                .header("Content-Type", "application/json")
                .POST(GatewayClient.json(Map.of("email", email, "password", password, "rememberMe", rememberMe)))
                .build());
    }

    private static Answer refresh(String cookie, String origin) {
        HttpRequest.Builder request = GatewayClient.request("/auth/refresh")
                .header("Cookie", "refresh_token=" + cookie)
                .POST(HttpRequest.BodyPublishers.noBody());
        if (origin != null) {
            request.header("Origin", origin);
        }
        return GatewayClient.send(request.build());
    }

    private static String bearer(Answer tokenAnswer) {
        return "Bearer " + tokenAnswer.json().path("accessToken").asText();
    }

    private static String setCookie(Answer answer) {
        return answer.raw().headers().allValues("Set-Cookie").stream()
                .filter(cookie -> cookie.startsWith("refresh_token="))
                .findFirst()
                .orElseThrow();
    }

    private static void assertProblem(Answer answer, int status) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.json().path("status").asInt()).isEqualTo(status);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
