package dev.sessions.e2e.attacks;

import java.net.http.HttpRequest;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.sessions.e2e.E2eEnvironment;
import dev.sessions.e2e.GatewayClient;
import dev.sessions.e2e.GatewayClient.Answer;
import dev.sessions.e2e.GatewayClient.SignedIn;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests that authenticate with the refresh cookie from a foreign origin (a cross-site form or fetch) are refused
 * with 403 problem+json and change nothing: the cookie still refreshes afterwards from the console's own origin.
 */
class CsrfOriginIT {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "https://evil.example",
                "null",
                "http://127.0.0.1.evil.example",
                "http://localhost:1",
                "HTTP://EVIL.EXAMPLE",
                "http://127.0.0.1:1"
            })
    void refreshAndSignOutFromAForeignOriginAreForbiddenAndHarmless(String origin) {
        SignedIn user = GatewayClient.registerAndSignIn("csrf");

        Answer refresh = withCookie("/auth/refresh", user, origin);
        Answer logout = withCookie("/auth/logout", user, origin);

        for (Answer answer : new Answer[] {refresh, logout}) {
            assertThat(answer.status())
                    .as("%s from %s: %s", answer.raw().uri().getPath(), origin, answer.body())
                    .isEqualTo(403);
            assertThat(answer.contentType()).startsWith("application/problem+json");
            assertThat(GatewayClient.refreshCookie(answer)).as("no new cookie").isEmpty();
        }
        Answer own = withCookie("/auth/refresh", user, E2eEnvironment.gatewayUrl());
        assertThat(own.status())
                .as("refresh from the console's origin afterwards: %s", own.body())
                .isEqualTo(200);
    }

    private static Answer withCookie(String path, SignedIn user, String origin) {
        return GatewayClient.send(GatewayClient.request(path)
                .header("Cookie", "refresh_token=" + user.refreshToken())
                .header("Origin", origin)
                .POST(HttpRequest.BodyPublishers.noBody())
                .build());
    }
}
