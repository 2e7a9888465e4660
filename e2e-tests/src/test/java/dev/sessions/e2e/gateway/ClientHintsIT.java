package dev.sessions.e2e.gateway;

import java.net.http.HttpRequest;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.sessions.e2e.GatewayClient;
import dev.sessions.e2e.GatewayClient.Answer;
import dev.sessions.e2e.GatewayClient.SignedIn;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * User-Agent Client Hints: the console's pages ask for them, the gateway passes them to auth-service, which passes them
 * to the registry at sign-in and refresh, which reads the device from them where Chrome's reduced User-Agent is vague.
 */
class ClientHintsIT {

    /** What Chrome on any Android device sends since the User-Agent reduction: no model, a frozen Android 10. */
    private static final String REDUCED_ANDROID = "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 "
            + "(KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36";

    private static final String[] GALAXY_TAB_HINTS = {
        "User-Agent", REDUCED_ANDROID,
        "Sec-CH-UA", "\"Not_A Brand\";v=\"8\", \"Chromium\";v=\"120\", \"Google Chrome\";v=\"120\"",
        "Sec-CH-UA-Mobile", "?1",
        "Sec-CH-UA-Platform", "\"Android\"",
        "Sec-CH-UA-Platform-Version", "\"14.0.0\"",
        "Sec-CH-UA-Model", "\"SM-X710\"",
        "Sec-CH-UA-Full-Version-List",
                "\"Not_A Brand\";v=\"8.0.0.0\", \"Chromium\";v=\"120.0.6099.144\", \"Google Chrome\";v=\"120.0.6099.144\""
    };

    @ParameterizedTest
    @ValueSource(strings = {"/", "/signin", "/sessions", "/reports"})
    void consolePagesAskForTheHints(String page) {
        Answer answer = GatewayClient.get(page, "Accept", "text/html");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.header("Accept-CH"))
                .hasValueSatisfying(value -> assertThat(value)
                        .contains(
                                "Sec-CH-UA-Mobile",
                                "Sec-CH-UA-Platform",
                                "Sec-CH-UA-Model",
                                "Sec-CH-UA-Platform-Version",
                                "Sec-CH-UA-Full-Version-List"));
    }

    @Test
    void aSignInWithHintsReadsTheDeviceTheUserAgentHides() {
        String email = GatewayClient.registerUser("hints");
        SignedIn tablet = GatewayClient.signIn(email, GatewayClient.PASSWORD, false, GALAXY_TAB_HINTS);

        JsonNode device = current(tablet).path("device");
        assertThat(device.path("type").asText()).isEqualTo("Tablet");
        assertThat(device.path("os").asText()).isEqualTo("Android");
        assertThat(device.path("osVersion").asText()).isEqualTo("14");
        assertThat(device.path("browser").asText()).isEqualTo("Chrome");
        assertThat(device.path("browserVersion").asText()).isEqualTo("120.0.6099.144");
    }

    @Test
    void aRefreshWithHintsCorrectsASignInWithout() {
        String email = GatewayClient.registerUser("hints-refresh");
        SignedIn session = GatewayClient.signIn(email, GatewayClient.PASSWORD, false, "User-Agent", REDUCED_ANDROID);
        JsonNode before = current(session).path("device");
        assertThat(before.path("type").asText()).isEqualTo("Smartphone");
        assertThat(before.path("osVersion").asText()).isEqualTo("10");

        HttpRequest.Builder refresh = GatewayClient.request("/auth/refresh")
                .header("Cookie", "refresh_token=" + session.refreshToken())
                .POST(HttpRequest.BodyPublishers.noBody());
        for (int i = 0; i + 1 < GALAXY_TAB_HINTS.length; i += 2) {
            refresh.header(GALAXY_TAB_HINTS[i], GALAXY_TAB_HINTS[i + 1]);
        }
        Answer refreshed = GatewayClient.send(refresh.build());
        assertThat(refreshed.status()).as(refreshed.body()).isEqualTo(200);

        JsonNode after = current(session).path("device");
        assertThat(after.path("type").asText()).isEqualTo("Tablet");
        assertThat(after.path("osVersion").asText()).isEqualTo("14");
        assertThat(after.path("browserVersion").asText()).isEqualTo("120.0.6099.144");
    }

    private static JsonNode current(SignedIn session) {
        Answer answer =
                GatewayClient.get("/sessions/current", "Authorization", session.bearer(), "Accept", "application/json");
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.json();
    }
}
