package dev.sessions.registry.live;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.sessions.registry.support.Api;
import dev.sessions.registry.support.TestEnvironment;
import dev.sessions.registry.support.Tokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * {@code GET /sessions/events}: the caller's own ending with its reason (then the end of the stream), the user's
 * other sessions starting and ending, keep-alive comments (every second here), 401 for an ended session, and the
 * per-user limit (3 here).
 */
@QuarkusTest
@WithTestResource(value = TestEnvironment.class, scope = TestResourceScope.GLOBAL)
class SessionEventsTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TestHTTPResource("/sessions/events")
    URI events;

    private final List<EventStream> opened = new ArrayList<>();

    @AfterEach
    void closeStreams() {
        opened.forEach(EventStream::close);
    }

    @Test
    void theOwnSessionsEndingArrivesWithItsReasonAndEndsTheStream() throws Exception {
        String uid = Api.newUserId();
        String mine = Api.open(uid, Api.CHROME_WINDOWS, "81.2.69.142");
        EventStream stream = open(Tokens.user(uid, mine));
        assertThat(stream.response.statusCode()).isEqualTo(200);
        assertThat(stream.response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("text/event-stream"));
        assertThat(stream.next()).isEqualTo(":ready");

        String other = Api.open(uid, Api.SAFARI_IPHONE, "81.2.69.142");
        assertThat(stream.nextEvent()).containsExactly("event:sessions-changed", "data:{}");

        Api.bearer(Tokens.user(uid, mine)).delete("/sessions/" + other).then().statusCode(204);
        assertThat(stream.nextEvent()).containsExactly("event:sessions-changed", "data:{}");

        String admin = Api.newUserId();
        Api.bearer(Tokens.admin(admin, Api.open(admin, Api.CHROME_WINDOWS, "81.2.69.142")))
                .delete("/admin/sessions/" + mine)
                .then()
                .statusCode(204);
        List<String> ended = stream.nextEvent();
        assertThat(ended.get(0)).isEqualTo("event:session-ended");
        assertThat(ended.get(1))
                .startsWith("data:{\"sessionId\":\"" + mine + "\",\"reason\":\"ADMIN_REVOKED\",\"at\":\"")
                .endsWith("Z\"}");
        assertThat(stream.endsWithin(Duration.ofSeconds(5))).isTrue();
    }

    @Test
    void anIdleStreamGetsKeepAliveComments() throws Exception {
        String uid = Api.newUserId();
        EventStream stream = open(Tokens.user(uid, Api.open(uid, Api.CHROME_WINDOWS, "81.2.69.142")));
        assertThat(stream.next()).isEqualTo(":ready");
        assertThat(stream.next()).isEqualTo(":keep-alive");
    }

    @Test
    void aStreamClosesWhenItsTokenExpires() throws Exception {
        String uid = Api.newUserId();
        String sid = Api.open(uid, Api.CHROME_WINDOWS, "81.2.69.142");
        EventStream stream = open(Tokens.lasting(uid, sid, Duration.ofSeconds(3)));
        assertThat(stream.next()).isEqualTo(":ready");
        assertThat(stream.endsWithin(Duration.ofSeconds(20))).isTrue();
        assertThat(stream.lines).doesNotContain("event:session-ended");
    }

    @Test
    void anEndedSessionsTokenIsRefusedWithItsReason() {
        String uid = Api.newUserId();
        String sid = Api.open(uid, Api.CHROME_WINDOWS, "81.2.69.142");
        Api.internal()
                .body(Map.of("type", "SIGNED_OUT", "actorType", "USER", "actorId", uid))
                .post("/internal/sessions/" + sid + "/end")
                .then()
                .statusCode(204);
        Api.bearer(Tokens.user(uid, sid))
                .get("/sessions/events")
                .then()
                .statusCode(401)
                .contentType("application/problem+json")
                .body("reason", equalTo("SIGNED_OUT"));
    }

    @Test
    void aUserHasAtMostTheConfiguredNumberOfStreams() throws Exception {
        String uid = Api.newUserId();
        String token = Tokens.user(uid, Api.open(uid, Api.CHROME_WINDOWS, "81.2.69.142"));
        for (int i = 0; i < 3; i++) {
            assertThat(open(token).next()).isEqualTo(":ready");
        }
        Api.bearer(token).get("/sessions/events").then().statusCode(429).contentType("application/problem+json");

        opened.remove(0).close();
        org.awaitility.Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .untilAsserted(
                        () -> assertThat(open(token).response.statusCode()).isEqualTo(200));
    }

    @Test
    void anEventForAStreamWhoseClientWentAwayClosesItWithoutAnError() throws Exception {
        String uid = Api.newUserId();
        String token = Tokens.user(uid, Api.open(uid, Api.CHROME_WINDOWS, "81.2.69.142"));
        List<String> errors = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLevel().intValue() >= Level.SEVERE.intValue() || record.getThrown() != null) {
                    errors.add(record.getMessage() + " " + record.getThrown());
                }
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        Logger root = Logger.getLogger("");
        root.addHandler(capture);
        try {
            for (int i = 0; i < 3; i++) {
                assertThat(open(token).next()).isEqualTo(":ready");
            }
            // the clients go away (each stream is reset); the event that follows reaches the registry after the resets
            // and usually before the next keep-alive tick (every 250 ms here) notices them: the sinks are closed and
            // must not be written to (they throw)
            opened.forEach(EventStream::close);
            Api.open(uid, Api.SAFARI_IPHONE, "81.2.69.142");

            // the events reach the streams on their own event loops: nothing goes wrong there for a while after
            org.awaitility.Awaitility.await()
                    .during(Duration.ofSeconds(1))
                    .atMost(Duration.ofSeconds(3))
                    .untilAsserted(() -> assertThat(errors).isEmpty());
            // and the streams are forgotten: the user may open as many again
            org.awaitility.Awaitility.await()
                    .atMost(Duration.ofSeconds(10))
                    .untilAsserted(
                            () -> assertThat(open(token).response.statusCode()).isEqualTo(200));
        } finally {
            root.removeHandler(capture);
        }
    }

    private EventStream open(String token) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(events)
                .header("Authorization", "Bearer " + token)
                .header("Accept", "text/event-stream")
                .GET()
                .build();
        EventStream stream = new EventStream(HTTP.send(request, HttpResponse.BodyHandlers.ofInputStream()));
        opened.add(stream);
        return stream;
    }

    /** The lines of one stream, read by a thread of its own, without the optional space after a field's colon. */
    static final class EventStream {
        private static final String END = "\u0000end";
        final HttpResponse<InputStream> response;
        final BlockingQueue<String> queue = new LinkedBlockingQueue<>();
        final List<String> lines = new ArrayList<>();
        private final Thread reader;

        EventStream(HttpResponse<InputStream> response) {
            this.response = response;
            this.reader = new Thread(() -> {
                try (BufferedReader in =
                        new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                    for (String line = in.readLine(); line != null; line = in.readLine()) {
                        // "field: value" and "field:value" are the same line to a client
                        queue.add(line.replaceFirst("^([a-z]*): ", "$1:"));
                    }
                } catch (Exception e) {
                    // closed by the test
                }
                queue.add(END);
            });
            reader.setDaemon(true);
            reader.start();
        }

        /** The next non-empty line, waiting up to 10 s. */
        String next() throws InterruptedException {
            while (true) {
                String line = queue.poll(10, TimeUnit.SECONDS);
                assertThat(line).as("a line within 10 s").isNotNull().isNotEqualTo(END);
                lines.add(line);
                if (!line.isEmpty()) {
                    return line;
                }
            }
        }

        /** The lines of the next event (comments skipped). */
        List<String> nextEvent() throws InterruptedException {
            String first = next();
            while (first.startsWith(":")) {
                first = next();
            }
            List<String> event = new ArrayList<>(List.of(first));
            for (String line = queue.poll(10, TimeUnit.SECONDS);
                    line != null && !line.isEmpty() && !END.equals(line);
                    line = queue.poll(10, TimeUnit.SECONDS)) {
                lines.add(line);
                event.add(line);
            }
            return event;
        }

        /** Whether the stream ends within {@code wait}, skipping comments and events before. */
        boolean endsWithin(Duration wait) throws InterruptedException {
            long deadline = System.nanoTime() + wait.toNanos();
            while (System.nanoTime() < deadline) {
                String line = queue.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                if (END.equals(line)) {
                    return true;
                }
                if (line != null) {
                    lines.add(line);
                }
            }
            return false;
        }

        void close() {
            try {
                response.body().close();
            } catch (Exception e) {
                // already closed
            }
            reader.interrupt();
        }
    }
}
