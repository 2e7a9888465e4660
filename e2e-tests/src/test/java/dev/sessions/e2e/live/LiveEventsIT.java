package dev.sessions.e2e.live;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.sessions.e2e.E2eEnvironment;
import dev.sessions.e2e.GatewayClient;
import dev.sessions.e2e.GatewayClient.Answer;
import dev.sessions.e2e.GatewayClient.SignedIn;
import dev.sessions.testing.UserAgents;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Contract, "Live sessions": {@code GET /sessions/events} through the gateway, unbuffered: the ending of the caller's
 * session within 1 s of the revocation's answer, the user's other sessions, keep-alive comments (the e2e stack sends
 * them every 2 s), and 401 with the reason for an ended session's token.
 */
class LiveEventsIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void theEndingOfTheCallersSessionArrivesWithinASecondOfTheRevocationsAnswer() throws Exception {
        String email = GatewayClient.registerUser("live-events");
        SignedIn laptop =
                GatewayClient.signIn(email, GatewayClient.PASSWORD, false, "User-Agent", UserAgents.CHROME_WINDOWS);
        try (Lines stream = open(laptop)) {
            assertThat(stream.response.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(type -> assertThat(type).startsWith("text/event-stream"));
            assertThat(stream.response.headers().firstValue("Cache-Control")).contains("no-store");
            assertThat(stream.next(Duration.ofSeconds(10))).isEqualTo(":ready");

            SignedIn phone =
                    GatewayClient.signIn(email, GatewayClient.PASSWORD, false, "User-Agent", UserAgents.SAFARI_IPHONE);
            assertThat(stream.nextData(Duration.ofSeconds(10))).isEqualTo("sessions-changed {}");

            Answer revoked = GatewayClient.send(GatewayClient.request("/sessions/" + laptop.sessionId())
                    .header("Authorization", phone.bearer())
                    .DELETE()
                    .build());
            assertThat(revoked.status()).isEqualTo(204);
            String ended = stream.nextData(Duration.ofSeconds(1));
            assertThat(ended)
                    .startsWith("session-ended {\"sessionId\":\"" + laptop.sessionId()
                            + "\",\"reason\":\"USER_REVOKED\",\"at\":\"");
            assertThat(stream.endsWithin(Duration.ofSeconds(5))).isTrue();
        }

        HttpResponse<String> refused =
                HTTP.send(request(laptop).build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.body()).contains("\"reason\":\"USER_REVOKED\"");
    }

    @Test
    void anIdleStreamCarriesKeepAliveCommentsThroughTheGateway() throws Exception {
        SignedIn caller = GatewayClient.registerAndSignIn("live-keepalive");
        try (Lines stream = open(caller)) {
            assertThat(stream.next(Duration.ofSeconds(10))).isEqualTo(":ready");
            assertThat(stream.next(Duration.ofSeconds(10))).isEqualTo(":keep-alive");
        }
    }

    private static HttpRequest.Builder request(SignedIn caller) {
        return HttpRequest.newBuilder(URI.create(E2eEnvironment.gatewayUrl() + "/sessions/events"))
                .header("Authorization", caller.bearer())
                .header("Accept", "text/event-stream")
                .GET();
    }

    private static Lines open(SignedIn caller) throws Exception {
        return new Lines(HTTP.send(request(caller).build(), HttpResponse.BodyHandlers.ofInputStream()));
    }

    /** A stream's non-empty lines as they arrive, "field: value" read as "field:value". */
    private static final class Lines implements AutoCloseable {
        private static final String END = "\u0000end";
        final HttpResponse<InputStream> response;
        private final BlockingQueue<String> queue = new LinkedBlockingQueue<>();

        Lines(HttpResponse<InputStream> response) {
            this.response = response;
            assertThat(response.statusCode()).isEqualTo(200);
            Thread reader = new Thread(() -> {
                try (BufferedReader in =
                        new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                    for (String line = in.readLine(); line != null; line = in.readLine()) {
                        if (!line.isEmpty()) {
                            queue.add(line.replaceFirst("^([a-z]*): ", "$1:"));
                        }
                    }
                } catch (Exception e) {
                    // closed
                }
                queue.add(END);
            });
            reader.setDaemon(true);
            reader.start();
        }

        String next(Duration wait) throws InterruptedException {
            String line = queue.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(line).as("a line within %s", wait).isNotNull().isNotEqualTo(END);
            return line;
        }

        /** The next event as "name data", comments skipped, arriving within {@code wait}. */
        String nextData(Duration wait) throws InterruptedException {
            long deadline = System.nanoTime() + wait.toNanos();
            String line = next(wait);
            while (line.startsWith(":")) {
                line = next(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            }
            assertThat(line).startsWith("event:");
            String data = next(Duration.ofSeconds(5));
            assertThat(data).startsWith("data:");
            return line.substring("event:".length()) + " " + data.substring("data:".length());
        }

        boolean endsWithin(Duration wait) throws InterruptedException {
            long deadline = System.nanoTime() + wait.toNanos();
            while (System.nanoTime() < deadline) {
                if (END.equals(queue.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS))) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public void close() throws Exception {
            response.body().close();
        }
    }
}
