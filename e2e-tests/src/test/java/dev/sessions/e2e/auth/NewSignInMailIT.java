package dev.sessions.e2e.auth;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import dev.sessions.e2e.E2eEnvironment;
import dev.sessions.e2e.GatewayClient;
import dev.sessions.e2e.GatewayClient.SignedIn;
import dev.sessions.e2e.MailDev;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * "New sign-in to your account": a second sign-in from another kind of device carries NEW_DEVICE (decided by the
 * registry) and auth-service mails the user; the first sign-in of an account mails nothing.
 */
class NewSignInMailIT {

    private static final String SUBJECT = "New sign-in to your account";
    private static final String WINDOWS_CHROME = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
            + "(KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36";
    private static final String IPHONE_SAFARI = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) "
            + "AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1";

    @Test
    void aSignInFromANewDeviceIsMailedWithWhatTheUserNeedsToJudgeIt() {
        MailDev mail = MailDev.ofStack();
        String email = GatewayClient.registerUser("e2e-new-device");
        SignedIn computer = GatewayClient.signIn(email, GatewayClient.PASSWORD, false, "User-Agent", WINDOWS_CHROME);
        SignedIn phone = GatewayClient.signIn(email, GatewayClient.PASSWORD, false, "User-Agent", IPHONE_SAFARI);
        JsonNode phoneSession = sessionOf(computer, phone.sessionId());
        assertThat(phoneSession.path("flags").toString()).contains("NEW_DEVICE");

        MailDev.Message notice = mail.await(email, SUBJECT);
        assertThat(notice.text())
                .contains("Smartphone")
                .contains("iOS")
                .contains("Safari")
                .contains("IP address:")
                .contains(E2eEnvironment.gatewayUrl() + "/sessions");
        assertThat(notice.html()).contains("href=\"" + E2eEnvironment.gatewayUrl() + "/sessions\"");
        assertThat(mail.to(email, SUBJECT)).hasSize(1);
    }

    private static JsonNode sessionOf(SignedIn caller, String sessionId) {
        JsonNode sessions = GatewayClient.get(
                        "/sessions", "Authorization", caller.bearer(), "Accept", "application/json")
                .json();
        for (JsonNode session : sessions) {
            if (session.path("id").asText().equals(sessionId)) {
                return session;
            }
        }
        throw new AssertionError("no session " + sessionId + " in " + sessions);
    }
}
