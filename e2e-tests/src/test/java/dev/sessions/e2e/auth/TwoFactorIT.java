package dev.sessions.e2e.auth;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import dev.sessions.e2e.E2eEnvironment;
import dev.sessions.e2e.GatewayClient;
import dev.sessions.e2e.GatewayClient.Answer;
import dev.sessions.e2e.GatewayClient.SignedIn;
import dev.sessions.e2e.TotpCodes;

import static org.assertj.core.api.Assertions.assertThat;

/** Two-factor authentication through the gateway: every endpoint, amr, Session.mfa and the history events. */
class TwoFactorIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void setUpSignInWithACodeAndTurnOffWithARecoveryCode() throws Exception {
        String email = GatewayClient.registerUser("e2e-mfa");
        SignedIn first = GatewayClient.signIn(email, GatewayClient.PASSWORD, false);
        assertThat(amr(first.accessToken())).containsExactly("pwd");
        assertThat(call("GET", "/auth/mfa", first, null)
                        .json()
                        .path("totp")
                        .path("enabled")
                        .asBoolean())
                .isFalse();

        assertThat(call("POST", "/auth/mfa/totp/setup", first, Map.of("currentPassword", "not my password"))
                        .status())
                .isEqualTo(403);
        Answer setup = call("POST", "/auth/mfa/totp/setup", first, Map.of("currentPassword", GatewayClient.PASSWORD));
        assertThat(setup.status()).as(setup.body()).isEqualTo(200);
        String secret = setup.json().path("secret").asText();
        assertThat(setup.json().path("otpauthUri").asText())
                .startsWith("otpauth://totp/")
                .contains("secret=" + secret);
        assertThat(call("POST", "/auth/mfa/totp/confirm", first, Map.of("code", "000000"))
                        .status())
                .isEqualTo(400);
        Answer confirmed = call("POST", "/auth/mfa/totp/confirm", first, Map.of("code", TotpCodes.now(secret, 0)));
        assertThat(confirmed.status()).as(confirmed.body()).isEqualTo(200);
        List<String> recoveryCodes = texts(confirmed.json().path("recoveryCodes"));
        assertThat(recoveryCodes).hasSize(10);
        assertThat(call("POST", "/auth/mfa/totp/setup", first, Map.of("currentPassword", GatewayClient.PASSWORD))
                        .status())
                .isEqualTo(409);

        Answer step1 = login(email, true);
        assertThat(step1.status()).isEqualTo(202);
        assertThat(step1.json().path("mfaRequired").asBoolean()).isTrue();
        assertThat(step1.json().path("expiresIn").asInt()).isEqualTo(300);
        assertThat(GatewayClient.refreshCookie(step1)).isEmpty();
        Answer wrong = secondStep(step1.json().path("mfaToken").asText(), "000000");
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.contentType()).startsWith("application/problem+json");
        Answer step2 = secondStep(step1.json().path("mfaToken").asText(), TotpCodes.now(secret, 1));
        assertThat(step2.status()).as(step2.body()).isEqualTo(200);
        assertThat(step2.raw().headers().firstValue("Set-Cookie").orElseThrow()).contains("Max-Age=");
        String token = step2.json().path("accessToken").asText();
        String sessionId = step2.json().path("sessionId").asText();
        assertThat(amr(token)).containsExactly("pwd", "otp");

        Answer current = GatewayClient.get("/sessions/current", "Authorization", "Bearer " + token);
        assertThat(current.json().path("mfa").asBoolean()).isTrue();
        Answer mine = GatewayClient.get("/sessions", "Authorization", "Bearer " + token);
        mine.json()
                .forEach(s -> assertThat(s.path("mfa").asBoolean())
                        .as("session %s", s.path("id").asText())
                        .isEqualTo(s.path("id").asText().equals(sessionId)));
        Answer refreshed = GatewayClient.send(GatewayClient.request("/auth/refresh")
                .header(
                        "Cookie",
                        "refresh_token=" + GatewayClient.refreshCookie(step2).orElseThrow())
                .header("Origin", E2eEnvironment.gatewayUrl())
                .POST(HttpRequest.BodyPublishers.noBody())
                .build());
        assertThat(refreshed.status()).isEqualTo(200);
        assertThat(amr(refreshed.json().path("accessToken").asText())).containsExactly("pwd", "otp");

        SignedIn second = new SignedIn(token, null, sessionId, first.userId(), email, List.of("user"));
        assertThat(call(
                                "DELETE",
                                "/auth/mfa/totp",
                                second,
                                Map.of("currentPassword", GatewayClient.PASSWORD, "code", "000000"))
                        .status())
                .isEqualTo(403);
        Answer off = call(
                "DELETE",
                "/auth/mfa/totp",
                second,
                Map.of("currentPassword", GatewayClient.PASSWORD, "code", recoveryCodes.get(0)));
        assertThat(off.status()).as(off.body()).isEqualTo(204);
        assertThat(login(email, false).status()).isEqualTo(200);

        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            JsonNode events = call("GET", "/sessions/history?limit=50", second, null)
                    .json()
                    .path("events");
            List<String> seen = new ArrayList<>();
            events.forEach(e -> seen.add(e.path("type").asText() + "@"
                    + e.path("sessionId").asText() + "@" + e.path("mfa").asText()));
            assertThat(seen)
                    .contains(
                            "MFA_ENABLED@" + first.sessionId() + "@null",
                            "SIGNED_IN@" + sessionId + "@true",
                            "SIGNED_IN@" + first.sessionId() + "@false",
                            "RECOVERY_CODE_USED@" + sessionId + "@null",
                            "MFA_DISABLED@" + sessionId + "@null",
                            "SIGN_IN_FAILED@null@null");
        });
    }

    @Test
    void newRecoveryCodesVoidTheOldOnesAndARecoveryCodeSignsInOnce() throws Exception {
        String email = GatewayClient.registerUser("e2e-mfa-codes");
        SignedIn session = GatewayClient.signIn(email, GatewayClient.PASSWORD, false);
        Answer setup = call("POST", "/auth/mfa/totp/setup", session, Map.of("currentPassword", GatewayClient.PASSWORD));
        String secret = setup.json().path("secret").asText();
        List<String> old =
                texts(call("POST", "/auth/mfa/totp/confirm", session, Map.of("code", TotpCodes.now(secret, 0)))
                        .json()
                        .path("recoveryCodes"));

        assertThat(call("POST", "/auth/mfa/recovery-codes", session, Map.of("code", old.get(0)))
                        .status())
                .isEqualTo(403);
        Answer renewed = call("POST", "/auth/mfa/recovery-codes", session, Map.of("code", TotpCodes.now(secret, 1)));
        assertThat(renewed.status()).as(renewed.body()).isEqualTo(200);
        List<String> fresh = texts(renewed.json().path("recoveryCodes"));
        assertThat(fresh).hasSize(10).doesNotContainAnyElementsOf(old);

        assertThat(secondStep(login(email, false).json().path("mfaToken").asText(), old.get(1))
                        .status())
                .isEqualTo(401);
        Answer signedIn = secondStep(login(email, false).json().path("mfaToken").asText(), fresh.get(1));
        assertThat(signedIn.status()).as(signedIn.body()).isEqualTo(200);
        assertThat(amr(signedIn.json().path("accessToken").asText())).containsExactly("pwd", "otp");
        assertThat(secondStep(login(email, false).json().path("mfaToken").asText(), fresh.get(1))
                        .status())
                .isEqualTo(401);
        assertThat(call("GET", "/auth/mfa", session, null)
                        .json()
                        .path("recoveryCodesLeft")
                        .asInt())
                .isEqualTo(9);
    }

    private static Answer login(String email, boolean rememberMe) {
        return GatewayClient.send(GatewayClient.request("/auth/login")
                .header("Content-Type", "application/json")
                .POST(GatewayClient.json(
                        Map.of("email", email, "password", GatewayClient.PASSWORD, "rememberMe", rememberMe)))
                .build());
    }

    private static Answer secondStep(String mfaToken, String code) {
        return GatewayClient.send(GatewayClient.request("/auth/login/mfa")
                .header("Content-Type", "application/json")
                .POST(GatewayClient.json(Map.of("mfaToken", mfaToken, "code", code)))
                .build());
    }

    private static Answer call(String method, String path, SignedIn session, Object body) {
        HttpRequest.Builder builder = GatewayClient.request(path).header("Authorization", session.bearer());
        if (body == null) {
            builder.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            builder.header("Content-Type", "application/json").method(method, GatewayClient.json(body));
        }
        return GatewayClient.send(builder.build());
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(node -> out.add(node.asText()));
        return out;
    }

    private static List<String> amr(String accessToken) throws Exception {
        JsonNode claims = JSON.readTree(
                new String(Base64.getUrlDecoder().decode(accessToken.split("\\.")[1]), StandardCharsets.UTF_8));
        return texts(claims.path("amr"));
    }
}
