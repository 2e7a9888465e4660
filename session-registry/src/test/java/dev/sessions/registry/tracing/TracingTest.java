package dev.sessions.registry.tracing;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

import dev.sessions.registry.support.Api;
import dev.sessions.registry.support.OtlpTestResource;
import dev.sessions.registry.support.TestEnvironment;
import dev.sessions.registry.support.Tokens;
import dev.sessions.testing.OtlpReceiver.ReceivedSpan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * With an OTLP endpoint set, a request's spans reach the collector under the caller's trace, and the spans of the
 * Redis and PostgreSQL commands its Mutiny chain sends are children of the request's server span, also after hops
 * between the clients' callbacks (the registry carries no context propagation: the OpenTelemetry context lives in the
 * request's Vert.x context, where the clients call back).
 */
@QuarkusTest
@WithTestResource(value = TestEnvironment.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(OtlpTestResource.class)
class TracingTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration EXPORTED = Duration.ofSeconds(20);

    @Test
    void theCallersTraceparentIsTheParentOfTheServerSpanAndRedisCallsAreItsChildren() {
        String uid = Api.newUserId();
        String sid = Api.open(uid, Api.CHROME_WINDOWS, "81.2.69.142");
        Parent parent = Parent.random();

        Api.bearer(Tokens.user(uid, sid))
                .header("traceparent", parent.header())
                .get("/sessions")
                .then()
                .statusCode(200);

        List<ReceivedSpan> trace = awaitTrace(parent.traceId(), spans -> hasRedisSpan(spans));
        ReceivedSpan server = serverSpan(trace);
        assertThat(server.parentSpanId()).isEqualTo(parent.spanId());
        assertThat(server.service()).isEqualTo("session-registry");
        assertAllDescendOf(trace, server);
    }

    @Test
    void aRequestThatGoesFromRedisToPostgresqlKeepsOneTrace() {
        String uid = Api.newUserId();
        String sid = Api.open(uid, Api.CHROME_WINDOWS, "81.2.69.142");
        Parent parent = Parent.random();

        Api.bearer(Tokens.user(uid, sid))
                .header("traceparent", parent.header())
                .get("/sessions/history")
                .then()
                .statusCode(200);

        List<ReceivedSpan> trace =
                awaitTrace(parent.traceId(), spans -> hasRedisSpan(spans) && hasPostgresqlSpan(spans));
        ReceivedSpan server = serverSpan(trace);
        assertThat(server.parentSpanId()).isEqualTo(parent.spanId());
        assertAllDescendOf(trace, server);
    }

    @Test
    void aRevocationThatWaitsForAcknowledgementsKeepsOneTrace() {
        String uid = Api.newUserId();
        String current = Api.open(uid, Api.CHROME_WINDOWS, "81.2.69.142");
        String other = Api.open(uid, Api.SAFARI_IPHONE, "81.2.69.142");
        Parent parent = Parent.random();

        Api.bearer(Tokens.user(uid, current))
                .header("traceparent", parent.header())
                .delete("/sessions/" + other)
                .then()
                .statusCode(204);

        List<ReceivedSpan> trace =
                awaitTrace(parent.traceId(), spans -> redisSpans(spans).size() >= 2);
        ReceivedSpan server = serverSpan(trace);
        assertThat(server.parentSpanId()).isEqualTo(parent.spanId());
        assertAllDescendOf(trace, server);
    }

    @Test
    void logLinesCarryTheTraceAndSpanIdsOfTheirRequest() throws IOException {
        Parent parent = Parent.random();

        RestAssured.given()
                .header("traceparent", parent.header())
                .get("/test/log-probe")
                .then()
                .statusCode(200);

        ReceivedSpan server = serverSpan(awaitTrace(parent.traceId(), spans -> hasRedisSpan(spans)));
        JsonNode line = await().atMost(EXPORTED).until(() -> probeLine(parent.traceId()), found -> found != null);
        assertThat(line.path("mdc").path("spanId").asText()).isEqualTo(server.spanId());
        assertThat(line.path("loggerName").asText()).isEqualTo(LogProbeResource.class.getName());
    }

    private static JsonNode probeLine(String traceId) throws IOException {
        if (!Files.exists(OtlpTestResource.LOG_FILE)) {
            return null;
        }
        for (String text : Files.readAllLines(OtlpTestResource.LOG_FILE)) {
            JsonNode line = JSON.readTree(text);
            if (LogProbeResource.MESSAGE.equals(line.path("message").asText())
                    && traceId.equals(line.path("mdc").path("traceId").asText())) {
                return line;
            }
        }
        return null;
    }

    @Test
    void withoutATraceparentTheServerSpanStartsATrace() {
        String uid = Api.newUserId();
        String sid = Api.open(uid, Api.CHROME_WINDOWS, "81.2.69.142");

        String sessionsTraceId = await().atMost(EXPORTED)
                .until(
                        () -> {
                            Api.bearer(Tokens.user(uid, sid))
                                    .get("/sessions/current")
                                    .then()
                                    .statusCode(200);
                            return OtlpTestResource.receiver().spans().stream()
                                    .filter(s -> s.kind() == ReceivedSpan.KIND_SERVER
                                            && s.name().contains("/sessions/current"))
                                    .map(ReceivedSpan::traceId)
                                    .findFirst()
                                    .orElse(null);
                        },
                        id -> id != null);
        List<ReceivedSpan> trace = OtlpTestResource.receiver().spansOf(sessionsTraceId);
        assertThat(serverSpan(trace).parentSpanId()).isEmpty();
    }

    private static List<ReceivedSpan> awaitTrace(
            String traceId, java.util.function.Predicate<List<ReceivedSpan>> done) {
        return await().atMost(EXPORTED)
                .until(
                        () -> OtlpTestResource.receiver().spansOf(traceId),
                        spans ->
                                done.test(spans) && spans.stream().anyMatch(s -> s.kind() == ReceivedSpan.KIND_SERVER));
    }

    private static ReceivedSpan serverSpan(List<ReceivedSpan> trace) {
        List<ReceivedSpan> servers =
                trace.stream().filter(s -> s.kind() == ReceivedSpan.KIND_SERVER).toList();
        assertThat(servers).as("one server span in %s", trace).hasSize(1);
        return servers.get(0);
    }

    /** Every other span of the trace hangs under the server span: none is an orphan or the root of its own tree. */
    private static void assertAllDescendOf(List<ReceivedSpan> trace, ReceivedSpan server) {
        Map<String, String> parents =
                trace.stream().collect(Collectors.toMap(ReceivedSpan::spanId, ReceivedSpan::parentSpanId));
        for (ReceivedSpan span : trace) {
            if (span == server) {
                continue;
            }
            String ancestor = span.parentSpanId();
            Set<String> seen = new java.util.HashSet<>();
            while (!ancestor.equals(server.spanId()) && parents.containsKey(ancestor) && seen.add(ancestor)) {
                ancestor = parents.get(ancestor);
            }
            assertThat(ancestor).as("ancestor of %s in %s", span, trace).isEqualTo(server.spanId());
        }
    }

    private static List<ReceivedSpan> redisSpans(List<ReceivedSpan> spans) {
        return spans.stream()
                .filter(s -> s.kind() == ReceivedSpan.KIND_CLIENT && !isPostgresql(s))
                .toList();
    }

    private static boolean hasRedisSpan(List<ReceivedSpan> spans) {
        return !redisSpans(spans).isEmpty();
    }

    private static boolean hasPostgresqlSpan(List<ReceivedSpan> spans) {
        return spans.stream().anyMatch(TracingTest::isPostgresql);
    }

    private static boolean isPostgresql(ReceivedSpan span) {
        return span.kind() == ReceivedSpan.KIND_CLIENT
                && span.name().toUpperCase().startsWith("SELECT");
    }

    /** The span of a caller (the gateway's client) as a W3C traceparent. */
    record Parent(String traceId, String spanId) {

        static Parent random() {
            byte[] trace = new byte[16];
            byte[] span = new byte[8];
            ThreadLocalRandom.current().nextBytes(trace);
            ThreadLocalRandom.current().nextBytes(span);
            return new Parent(HexFormat.of().formatHex(trace), HexFormat.of().formatHex(span));
        }

        String header() {
            return "00-" + traceId + "-" + spanId + "-01";
        }
    }
}
