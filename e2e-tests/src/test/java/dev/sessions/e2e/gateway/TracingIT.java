package dev.sessions.e2e.gateway;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;

import dev.sessions.e2e.GatewayClient;
import dev.sessions.e2e.GatewayClient.SignedIn;
import dev.sessions.e2e.OtlpCollector;
import dev.sessions.testing.OtlpReceiver.ReceivedSpan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A {@code traceparent} sent to the gateway reaches the services: their server spans join the caller's trace, with
 * the caller's span as parent, on the routes to each service and on the {@code auth_request} subrequest to the
 * registry's check; auth-service's calls to the registry carry the trace on.
 */
class TracingIT {

    private static final Duration EXPORTED = Duration.ofSeconds(30);

    @Test
    void theCheckOfAnApiRequestJoinsTheCallersTrace() {
        SignedIn user = GatewayClient.registerAndSignIn("trace-check");
        Parent parent = Parent.random();

        assertThat(GatewayClient.get("/api/whoami", "Authorization", user.bearer(), "traceparent", parent.header())
                        .status())
                .isEqualTo(200);

        List<ReceivedSpan> trace = awaitTrace(parent, spans -> serverSpan(spans, "session-registry") != null);
        ReceivedSpan check = serverSpan(trace, "session-registry");
        assertThat(check.name()).contains("/check");
        assertThat(check.parentSpanId()).isEqualTo(parent.spanId());
    }

    @Test
    void aRegistryRouteJoinsTheCallersTrace() {
        SignedIn user = GatewayClient.registerAndSignIn("trace-sessions");
        Parent parent = Parent.random();

        assertThat(GatewayClient.get("/sessions", "Authorization", user.bearer(), "traceparent", parent.header())
                        .status())
                .isEqualTo(200);

        List<ReceivedSpan> trace = awaitTrace(parent, spans -> serverSpan(spans, "session-registry") != null);
        ReceivedSpan sessions = serverSpan(trace, "session-registry");
        assertThat(sessions.name()).isEqualTo("GET /sessions");
        assertThat(sessions.parentSpanId()).isEqualTo(parent.spanId());
    }

    @Test
    void aSignInIsOneTraceAcrossAuthServiceAndTheRegistry() {
        String email = GatewayClient.registerUser("trace-login");
        Parent parent = Parent.random();

        GatewayClient.signIn(email, GatewayClient.PASSWORD, false, "traceparent", parent.header());

        List<ReceivedSpan> trace = awaitTrace(
                parent,
                spans -> serverSpan(spans, "auth-service") != null && serverSpan(spans, "session-registry") != null);
        ReceivedSpan login = serverSpan(trace, "auth-service");
        assertThat(login.name()).isEqualTo("POST /auth/login");
        assertThat(login.parentSpanId()).isEqualTo(parent.spanId());
        // the registry's internal call hangs under auth-service's client span, itself under the sign-in
        ReceivedSpan opened = serverSpan(trace, "session-registry");
        ReceivedSpan call = trace.stream()
                .filter(s -> s.spanId().equals(opened.parentSpanId()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no parent of " + opened + " in " + trace));
        assertThat(call.service()).isEqualTo("auth-service");
        assertThat(call.kind()).isEqualTo(ReceivedSpan.KIND_CLIENT);
    }

    @Test
    void aRefreshFromTheSessionsAddressAndDeviceIsOneTraceOfAuthServiceAlone() {
        SignedIn user = GatewayClient.registerAndSignIn("trace-refresh-in-step");
        Parent parent = Parent.random();

        refresh(user, parent);

        // the session is extended in the rotation's own script (ADR 19): no call to the registry
        List<ReceivedSpan> trace = awaitTrace(parent, spans -> serverSpan(spans, "auth-service") != null);
        ReceivedSpan refresh = serverSpan(trace, "auth-service");
        assertThat(refresh.parentSpanId()).isEqualTo(parent.spanId());
        assertThat(trace)
                .allSatisfy(span -> assertThat(span.service()).isEqualTo("auth-service"))
                .anySatisfy(span -> assertThat(span.name()).containsIgnoringCase("evalsha"))
                .noneMatch(span ->
                        span.kind() == ReceivedSpan.KIND_CLIENT && span.name().matches("(GET|POST|PUT|DELETE)\\b.*"));
    }

    @Test
    void aRefreshThatNeedsTheRegistryIsOneTraceAcrossAuthServiceAndTheRegistry() {
        SignedIn user = GatewayClient.registerAndSignIn("trace-refresh");
        Parent parent = Parent.random();

        // client hints the session's device was never read from: the registry reads it (ADR 19)
        refresh(user, parent, "Sec-CH-UA-Platform", "\"Windows\"", "Sec-CH-UA-Platform-Version", "\"15.0.0\"");

        List<ReceivedSpan> trace = awaitTrace(
                parent,
                spans -> serverSpan(spans, "auth-service") != null && serverSpan(spans, "session-registry") != null);
        ReceivedSpan refresh = serverSpan(trace, "auth-service");
        assertThat(refresh.name()).isEqualTo("POST /auth/refresh");
        assertThat(refresh.parentSpanId()).isEqualTo(parent.spanId());
        // every span auth-service made for it (the chain's script, the account read, the registry call) hangs under
        // the refresh, after each hop between the Redis and HTTP clients' callbacks; the registry's own under its call
        List<ReceivedSpan> mine = trace.stream()
                .filter(s -> s.service().equals("auth-service") && s != refresh)
                .toList();
        assertThat(mine)
                .anySatisfy(span -> assertThat(span.name()).containsIgnoringCase("evalsha"))
                .allSatisfy(span -> assertThat(ancestors(trace, span))
                        .as("ancestors of %s in %s", span, trace)
                        .contains(refresh.spanId()));
        ReceivedSpan extended = serverSpan(trace, "session-registry");
        assertThat(extended.name()).contains("/refresh");
        assertThat(ancestors(trace, extended)).contains(refresh.spanId());
    }

    /** A refresh through the gateway in the trace {@code parent} begins, with these extra headers (name, value...). */
    private static void refresh(SignedIn user, Parent parent, String... headers) {
        HttpRequest.Builder request = GatewayClient.request("/auth/refresh")
                .header("Cookie", "refresh_token=" + user.refreshToken())
                .header("traceparent", parent.header())
                .POST(HttpRequest.BodyPublishers.noBody());
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        GatewayClient.Answer refreshed = GatewayClient.send(request.build());
        assertThat(refreshed.status()).as("refresh: %s", refreshed.body()).isEqualTo(200);
    }

    /** The span ids above a span, nearest first, as far as the trace holds them. */
    private static List<String> ancestors(List<ReceivedSpan> trace, ReceivedSpan span) {
        Map<String, String> parents = new HashMap<>();
        trace.forEach(s -> parents.put(s.spanId(), s.parentSpanId()));
        List<String> above = new ArrayList<>();
        String next = span.parentSpanId();
        while (next != null && !next.isEmpty() && !above.contains(next)) {
            above.add(next);
            next = parents.get(next);
        }
        return above;
    }

    private static List<ReceivedSpan> awaitTrace(Parent parent, Predicate<List<ReceivedSpan>> complete) {
        return await().atMost(EXPORTED).until(() -> OtlpCollector.receiver().spansOf(parent.traceId()), complete);
    }

    /** The first server span of a service in the trace (the registry may serve several calls of one request). */
    private static ReceivedSpan serverSpan(List<ReceivedSpan> spans, String service) {
        return spans.stream()
                .filter(s -> s.kind() == ReceivedSpan.KIND_SERVER && s.service().equals(service))
                .findFirst()
                .orElse(null);
    }

    /** The caller's span as a W3C traceparent. */
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
