package dev.sessions.e2e.auth;

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
import dev.sessions.e2e.MailDev;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Password reset through the gateway with the real registry, the mail read back from the stack's MailDev: one answer
 * for every email, a link to the gateway, every session ended, the history, and the notices.
 */
class PasswordResetIT {

    private static final String NEW_PASSWORD = "an entirely new passphrase";
    private static final String RESET_SUBJECT = "Reset your password";

    @Test
    void theEmailedLinkSetsANewPasswordAndEndsEverySession() {
        MailDev mail = MailDev.ofStack();
        String email = GatewayClient.registerUser("e2e-reset");
        SignedIn first = GatewayClient.signIn(email, GatewayClient.PASSWORD, false);
        SignedIn second = GatewayClient.signIn(email, GatewayClient.PASSWORD, true);

        Answer known = forgot(email);
        Answer unknown = forgot("nobody-" + System.nanoTime() + "@e2e.test");
        assertThat(known.status()).isEqualTo(202);
        assertThat(unknown.status()).isEqualTo(202);
        assertThat(unknown.body()).isEqualTo(known.body());
        assertThat(known.header("Cache-Control")).hasValue("no-store");

        MailDev.Message message = mail.await(email, RESET_SUBJECT);
        String link = message.resetLink();
        assertThat(link).startsWith(E2eEnvironment.gatewayUrl() + "/reset-password#token=");
        assertThat(message.html()).contains(link);
        assertThat(message.from()).isNotBlank();

        Answer reset = reset(link.substring(link.indexOf("#token=") + 7), NEW_PASSWORD);
        assertThat(reset.status()).as(reset.body()).isEqualTo(204);

        // ended before the answer, on every instance: the next request of each session is refused
        for (SignedIn session : List.of(first, second)) {
            assertThat(GatewayClient.get("/api/whoami", "Authorization", session.bearer())
                            .status())
                    .isEqualTo(401);
        }
        assertThat(signInStatus(email, GatewayClient.PASSWORD)).isEqualTo(401);
        SignedIn after = GatewayClient.signIn(email, NEW_PASSWORD, false);
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            JsonNode events = GatewayClient.get("/sessions/history", "Authorization", after.bearer())
                    .json()
                    .path("events");
            List<String> seen = new ArrayList<>();
            events.forEach(event -> {
                seen.add(
                        event.path("type").asText() + "/" + event.path("reason").asText(""));
                if (event.path("type").asText().equals("PASSWORD_RESET")) {
                    assertThat(event.path("actor").path("type").asText()).isEqualTo("USER");
                    assertThat(event.path("sessionId").isNull()
                                    || event.path("sessionId").isMissingNode())
                            .isTrue();
                }
            });
            assertThat(seen).contains("PASSWORD_RESET/", "REVOKED/PASSWORD_RESET");
        });
        assertThat(mail.await(email, "Your password was reset").text()).contains("signed out");

        Answer again = reset(link.substring(link.indexOf("#token=") + 7), "and yet another passphrase");
        assertThat(again.status()).isEqualTo(400);
        assertThat(again.contentType()).startsWith("application/problem+json");
    }

    @Test
    void oneEmailIsThrottledWithRetryAfter() {
        String email = "throttled-" + System.nanoTime() + "@e2e.test";
        for (int i = 0; i < 5; i++) {
            assertThat(forgot(email).status()).isEqualTo(202);
        }
        Answer refused = forgot(email);
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.header("Retry-After")).isPresent();
    }

    @Test
    void aMalformedEmailOrAWeakPasswordIs400() {
        assertThat(forgot("not an email").status()).isEqualTo(400);
        Answer weak = reset("A".repeat(43), "short");
        assertThat(weak.status()).isEqualTo(400);
        assertThat(weak.contentType()).startsWith("application/problem+json");
    }

    @Test
    void aPasswordChangeIsMailedToTheUser() {
        MailDev mail = MailDev.ofStack();
        String email = GatewayClient.registerUser("e2e-changed-mail");
        SignedIn session = GatewayClient.signIn(email, GatewayClient.PASSWORD, false);

        Answer change = GatewayClient.send(GatewayClient.request("/auth/password")
                .header("Authorization", session.bearer())
                .header("Content-Type", "application/json")
                .POST(GatewayClient.json(
                        Map.of("currentPassword", GatewayClient.PASSWORD, "newPassword", NEW_PASSWORD)))
                .build());
        assertThat(change.status()).as(change.body()).isEqualTo(204);

        MailDev.Message notice = mail.await(email, "Your password was changed");
        assertThat(notice.text()).contains(E2eEnvironment.gatewayUrl() + "/sessions");
        assertThat(notice.html()).contains("<p>");
    }

    static Answer forgot(String email) {
        return GatewayClient.send(GatewayClient.request("/auth/password/forgot")
                .header("Content-Type", "application/json")
                .POST(GatewayClient.json(Map.of("email", email)))
                .build());
    }

    private static Answer reset(String token, String password) {
        return GatewayClient.send(GatewayClient.request("/auth/password/reset")
                .header("Content-Type", "application/json")
                .POST(GatewayClient.json(Map.of("token", token, "newPassword", password)))
                .build());
    }

    private static int signInStatus(String email, String password) {
        return GatewayClient.send(GatewayClient.request("/auth/login")
                        .header("Content-Type", "application/json")
                        .POST(GatewayClient.json(Map.of("email", email, "password", password, "rememberMe", false)))
                        .build())
                .status();
    }
}
