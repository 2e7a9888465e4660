package dev.sessions.e2e.attacks;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import dev.sessions.e2e.GatewayClient;
import dev.sessions.e2e.GatewayClient.Answer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The gateway's flood guard on the password endpoints (limit_req per client address): a burst far beyond what a
 * person or an office sends is cut off with 429 problem+json and Retry-After, and the address is served again soon.
 * The requests are malformed registrations (400 from auth-service, nothing hashed, nothing counted).
 */
class PasswordEndpointFloodIT {

    private static final int REQUESTS = 600;
    // more senders than the gateway's burst (100): their first requests arrive together, beyond the burst however
    // slowly auth-service answers; with fewer, a loaded machine paced the flood at the allowed 50/s (no 429 in 12 s)
    private static final int SENDERS = 200;

    @Test
    void aFloodOfPasswordRequestsFromOneAddressIsCutOffAndRecovers() {
        List<Answer> answers;
        ExecutorService pool = Executors.newFixedThreadPool(SENDERS);
        try {
            List<Future<Answer>> calls = IntStream.range(0, REQUESTS)
                    .mapToObj(i -> pool.submit(PasswordEndpointFloodIT::malformedRegistration))
                    .toList();
            answers = calls.stream().map(PasswordEndpointFloodIT::join).toList();
        } finally {
            pool.shutdownNow();
        }

        List<Answer> refused =
                answers.stream().filter(answer -> answer.status() == 429).toList();
        assertThat(refused)
                .as("429 answers among %d requests sent at once", REQUESTS)
                .isNotEmpty();
        assertThat(answers).allSatisfy(answer -> assertThat(answer.status()).isIn(400, 429));
        Answer first = refused.get(0);
        assertThat(first.contentType()).startsWith("application/problem+json");
        assertThat(first.json().path("status").asInt()).isEqualTo(429);
        assertThat(first.header("Retry-After").map(Integer::parseInt))
                .hasValueSatisfying(seconds -> assertThat(seconds).isPositive());
        assertThat(first.header("Cache-Control")).hasValue("no-store");

        await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> malformedRegistration().status() == 400);
    }

    private static Answer malformedRegistration() {
        return GatewayClient.send(GatewayClient.request("/auth/register")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build());
    }

    private static Answer join(Future<Answer> call) {
        try {
            return call.get();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
