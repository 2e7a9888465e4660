package dev.sessions.e2e.live;

import java.net.http.HttpRequest;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.sessions.e2e.GatewayClient;
import dev.sessions.e2e.GatewayClient.Answer;
import dev.sessions.e2e.GatewayClient.SignedIn;
import dev.sessions.testing.UserAgents;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Contract, "Live sessions": through the gateway, every 401 for a token whose session has ended carries the reason,
 * for the customer's API (the gateway's own 401 after the check) as for the services' bearer endpoints.
 */
class EndedSessionReasonIT {

    @Test
    void aRevokedSessionsTokenIsRefusedEverywhereWithItsReason() {
        String email = GatewayClient.registerUser("reason-revoked");
        SignedIn mine =
                GatewayClient.signIn(email, GatewayClient.PASSWORD, false, "User-Agent", UserAgents.CHROME_WINDOWS);
        SignedIn lost =
                GatewayClient.signIn(email, GatewayClient.PASSWORD, false, "User-Agent", UserAgents.SAFARI_IPHONE);
        assertThat(call("GET", "/api/whoami", lost).status()).isEqualTo(200);

        assertThat(call("DELETE", "/sessions/" + lost.sessionId(), mine).status())
                .isEqualTo(204);

        Answer api = call("GET", "/api/whoami", lost);
        assertThat(api.status()).isEqualTo(401);
        assertThat(api.contentType()).startsWith("application/problem+json");
        assertThat(api.header("WWW-Authenticate")).contains("Bearer");
        assertThat(api.json().path("reason").asText()).isEqualTo("USER_REVOKED");
        assertThat(api.json().path("title").asText()).isEqualTo("Unauthorized");
        assertThat(api.header("X-Auth-Reason")).isEmpty();

        Answer registry = call("GET", "/sessions", lost);
        assertThat(registry.status()).isEqualTo(401);
        assertThat(registry.json().path("reason").asText()).isEqualTo("USER_REVOKED");

        Answer auth = GatewayClient.send(GatewayClient.request("/auth/password")
                .header("Authorization", lost.bearer())
                .header("Content-Type", "application/json")
                .POST(GatewayClient.json(Map.of(
                        "currentPassword",
                        GatewayClient.PASSWORD,
                        "newPassword",
                        "another long password",
                        "signOutOtherSessions",
                        false)))
                .build());
        assertThat(auth.status()).isEqualTo(401);
        assertThat(auth.json().path("reason").asText()).isEqualTo("USER_REVOKED");

        assertThat(call("GET", "/api/whoami", mine).status()).isEqualTo(200);
    }

    @Test
    void aSignedOutSessionsTokenSaysSignedOut() {
        SignedIn caller = GatewayClient.registerAndSignIn("reason-signed-out");
        assertThat(call("POST", "/auth/logout", caller).status()).isEqualTo(204);

        Answer api = call("GET", "/api/whoami", caller);
        assertThat(api.status()).isEqualTo(401);
        assertThat(api.json().path("reason").asText()).isEqualTo("SIGNED_OUT");
    }

    @Test
    void refusalsOfTokensThatNeverHadALiveSessionCarryNoReason() {
        Answer none = GatewayClient.get("/api/whoami");
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.json().has("reason")).isFalse();

        Answer forged = GatewayClient.get("/api/whoami", "Authorization", "Bearer not.a.token");
        assertThat(forged.status()).isEqualTo(401);
        assertThat(forged.contentType()).startsWith("application/problem+json");
        assertThat(forged.json().has("reason")).isFalse();
    }

    private static Answer call(String method, String path, SignedIn caller) {
        return GatewayClient.send(GatewayClient.request(path)
                .header("Authorization", caller.bearer())
                .header("Accept", "application/json")
                .method(method, HttpRequest.BodyPublishers.noBody())
                .build());
    }
}
