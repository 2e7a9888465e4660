package dev.sessions.e2e.auth;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import dev.sessions.e2e.E2eEnvironment;
import dev.sessions.e2e.GatewayClient;
import dev.sessions.e2e.GatewayClient.Answer;
import dev.sessions.e2e.GatewayClient.SignedIn;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A deactivation against sign-ins in flight, with both real services: auth-service moves the account's epoch on and
 * asks the registry to end every session, while the registry's open script refuses a session of an account marked off
 * or changed in the same atomic step that writes it. No sign-in that raced the deactivation may leave a live session.
 * (Moved here from auth-service's AccountStateTest: the race is between the two processes' Redis scripts.)
 */
class AccountDeactivationIT {

    private static final int LOOPS = 6;

    @Test
    void deactivationCutsOffSignInsInFlight() throws Exception {
        String email = GatewayClient.registerUser("e2e-inflight");
        String userId =
                GatewayClient.signIn(email, GatewayClient.PASSWORD, false).userId();
        SignedIn admin = GatewayClient.signInAsAdmin();
        List<SignedIn> captured = Collections.synchronizedList(new ArrayList<>());
        List<Integer> unexpected = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean answered = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(LOOPS);
        List<Future<?>> loops = new ArrayList<>();
        for (int i = 0; i < LOOPS; i++) {
            loops.add(pool.submit(() -> {
                int refusedAfterAnswer = 0;
                while (refusedAfterAnswer < 3) {
                    boolean after = answered.get();
                    Answer response = login(email);
                    if (response.status() == 200) {
                        captured.add(signedIn(response, email));
                    } else if (response.status() != 403) {
                        unexpected.add(response.status());
                    }
                    if (after) {
                        refusedAfterAnswer++;
                    }
                }
            }));
        }
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> captured.size() >= LOOPS);

        Answer deactivate = GatewayClient.send(GatewayClient.request("/admin/users/" + userId + "/deactivate")
                .header("Authorization", admin.bearer())
                .POST(HttpRequest.BodyPublishers.noBody())
                .build());
        assertThat(deactivate.status()).as(deactivate.body()).isEqualTo(204);
        answered.set(true);
        for (Future<?> loop : loops) {
            loop.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();

        assertThat(unexpected).isEmpty();
        List<SignedIn> sessions = List.copyOf(captured);
        for (SignedIn session : sessions) {
            assertThat(GatewayClient.get("/api/whoami", "Authorization", session.bearer())
                            .status())
                    .as("check of %s", session.sessionId())
                    .isEqualTo(401);
            assertThat(GatewayClient.get("/sessions/current", "Authorization", session.bearer())
                            .status())
                    .isEqualTo(401);
            assertThat(refresh(session.refreshToken()).status())
                    .as("refresh of %s", session.sessionId())
                    .isEqualTo(401);
        }
        assertThat(login(email).status()).isEqualTo(403);
    }

    private static Answer login(String email) {
        return GatewayClient.send(GatewayClient.request("/auth/login")
                .header("Content-Type", "application/json")
                .POST(GatewayClient.json(
                        Map.of("email", email, "password", GatewayClient.PASSWORD, "rememberMe", false)))
                .build());
    }

    private static SignedIn signedIn(Answer answer, String email) {
        return new SignedIn(
                answer.json().path("accessToken").asText(),
                GatewayClient.refreshCookie(answer).orElseThrow(),
                answer.json().path("sessionId").asText(),
                answer.json().path("user").path("id").asText(),
                email,
                List.of());
    }

    private static Answer refresh(String cookie) {
        return GatewayClient.send(GatewayClient.request("/auth/refresh")
                .header("Cookie", "refresh_token=" + cookie)
                .header("Origin", E2eEnvironment.gatewayUrl())
                .POST(HttpRequest.BodyPublishers.noBody())
                .build());
    }
}
