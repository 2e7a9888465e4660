package dev.sessions.e2e.metrics;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import dev.sessions.e2e.E2eEnvironment;
import dev.sessions.e2e.GatewayClient;
import dev.sessions.e2e.GatewayClient.Answer;
import dev.sessions.e2e.GatewayClient.SignedIn;
import dev.sessions.e2e.TotpCodes;
import dev.sessions.testing.PrometheusText;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The contract's metrics through the real stack: each service serves Prometheus text at {@code /q/metrics} on its own
 * port and never through the gateway; a scenario of sign-ins, refreshes, checks, revocations, mail and history moves
 * every contract metric; and the dashboard and alert rules name only metrics the services serve.
 */
class MetricsIT {

    private static final String WRONG = "not the password at all";
    private static final Duration SETTLE = Duration.ofSeconds(60);

    @Test
    void theGatewayDoesNotServeMetrics() {
        Answer answer = GatewayClient.get("/q/metrics");

        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.body()).doesNotContain("# TYPE");
    }

    @Test
    void everyContractMetricIsServedOnEachServicesOwnPortAndMovesWithWhatHappens() {
        // every instance: a request may reach any of them, and each counts what it served itself
        Scrapes registryBefore = Scrapes.of(E2eEnvironment.registryUrls());
        Scrapes authBefore = Scrapes.of(E2eEnvironment.authUrls());

        // a sign-in, an allowed check, a rotation, the same cookie again in the grace window, a refused cookie
        SignedIn alice = GatewayClient.registerAndSignIn("e2e-metrics");
        assertThat(GatewayClient.get("/api/whoami", "Authorization", alice.bearer())
                        .status())
                .isEqualTo(200);
        Answer rotated = refresh(alice.refreshToken());
        assertThat(rotated.status()).as(rotated.body()).isEqualTo(200);
        assertThat(refresh(alice.refreshToken()).status()).isEqualTo(200);
        assertThat(refresh("not-a-refresh-token").status()).isEqualTo(401);
        // the successor used, the first cookie after the grace window is reuse: the session is revoked
        assertThat(refresh(GatewayClient.refreshCookie(rotated).orElseThrow()).status())
                .isEqualTo(200);
        await().atMost(E2eEnvironment.reuseGrace().plusSeconds(15))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> refresh(alice.refreshToken()).status() == 401);

        // a wrong password, then an account locked by ten failures
        String bob = GatewayClient.registerUser("e2e-metrics-locked");
        for (int i = 0; i < 10; i++) {
            assertThat(login(bob, WRONG).status()).isEqualTo(401);
        }
        assertThat(login(bob, GatewayClient.PASSWORD).status()).isEqualTo(429);

        // two-factor sign-in switched on (a notice mail), then a first step that asks for the code
        String carol = GatewayClient.registerUser("e2e-metrics-mfa");
        SignedIn carolSession = GatewayClient.signIn(carol, GatewayClient.PASSWORD, false);
        Answer setup =
                call("POST", "/auth/mfa/totp/setup", carolSession, Map.of("currentPassword", GatewayClient.PASSWORD));
        assertThat(setup.status()).as(setup.body()).isEqualTo(200);
        Answer confirmed = call(
                "POST",
                "/auth/mfa/totp/confirm",
                carolSession,
                Map.of("code", TotpCodes.now(setup.json().path("secret").asText(), 0)));
        assertThat(confirmed.status()).as(confirmed.body()).isEqualTo(200);
        assertThat(login(carol, GatewayClient.PASSWORD).status()).isEqualTo(202);

        // a deactivated account: its session revoked, its sign-in refused
        SignedIn dave = GatewayClient.registerAndSignIn("e2e-metrics-deactivated");
        SignedIn admin = GatewayClient.signInAsAdmin();
        Answer deactivated = GatewayClient.send(GatewayClient.request("/admin/users/" + dave.userId() + "/deactivate")
                .header("Authorization", admin.bearer())
                .POST(HttpRequest.BodyPublishers.noBody())
                .build());
        assertThat(deactivated.status()).as(deactivated.body()).isEqualTo(204);
        assertThat(login(dave.email(), GatewayClient.PASSWORD).status()).isEqualTo(403);

        // a revocation answered after every acknowledgement, then the revoked token denied by the check; a sign-out
        String erin = GatewayClient.registerUser("e2e-metrics-revoke");
        SignedIn erinHere = GatewayClient.signIn(erin, GatewayClient.PASSWORD, false);
        SignedIn erinThere = GatewayClient.signIn(erin, GatewayClient.PASSWORD, false);
        Answer revoked = GatewayClient.send(GatewayClient.request("/sessions/" + erinThere.sessionId())
                .header("Authorization", erinHere.bearer())
                .DELETE()
                .build());
        assertThat(revoked.status()).as(revoked.body()).isEqualTo(204);
        assertThat(GatewayClient.get("/api/whoami", "Authorization", erinThere.bearer())
                        .status())
                .isEqualTo(401);
        Answer signedOut = GatewayClient.send(GatewayClient.request("/auth/logout")
                .header("Cookie", "refresh_token=" + erinHere.refreshToken())
                .header("Origin", E2eEnvironment.gatewayUrl())
                .POST(HttpRequest.BodyPublishers.noBody())
                .build());
        assertThat(signedOut.status()).isEqualTo(204);

        // sessions opened: alice, carol, dave, the admin, erin twice
        await().atMost(SETTLE).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            Scrapes registry = Scrapes.of(E2eEnvironment.registryUrls());
            Moved moved = new Moved(registryBefore, registry);
            moved.atLeast("sessions_started_total", Map.of(), 6);
            moved.atLeast("sessions_ended_total", ended("security", "REFRESH_TOKEN_REUSE"), 1);
            moved.atLeast("sessions_ended_total", ended("admin", "ACCOUNT_DEACTIVATED"), 1);
            moved.atLeast("sessions_ended_total", ended("user", "USER_REVOKED"), 1);
            moved.atLeast("sessions_ended_total", ended("user", "SIGNED_OUT"), 1);
            moved.atLeast("check_requests_total", Map.of("result", "allowed"), 1);
            moved.atLeast("check_requests_total", Map.of("result", "denied"), 1);
            moved.atLeast("check_requests_total", Map.of("result", "unavailable"), 0);
            moved.atLeast("check_duration_seconds_count", Map.of(), 2);
            moved.atLeast("revocation_acknowledgement_seconds_count", Map.of(), 1);
            moved.atLeast("revocation_acknowledgements_missing_total", Map.of(), 0);
            // each session's SIGNED_IN and the four endings at least, besides SIGN_IN_FAILED and MFA_ENABLED
            moved.atLeast("history_events_written_total", Map.of(), 10);
            // carol and the admin are still signed in; every instance reads the same figure from Redis
            for (PrometheusText instance : registry.instances()) {
                assertThat(instance.sum("sessions_live")).isGreaterThanOrEqualTo(2);
                assertThat(instance.sum("history_outbox_backlog")).isGreaterThanOrEqualTo(0);
            }

            Scrapes auth = Scrapes.of(E2eEnvironment.authUrls());
            Moved authMoved = new Moved(authBefore, auth);
            authMoved.atLeast("auth_logins_total", Map.of("result", "success"), 6);
            authMoved.atLeast("auth_logins_total", Map.of("result", "failure"), 10);
            authMoved.atLeast("auth_logins_total", Map.of("result", "throttled"), 1);
            authMoved.atLeast("auth_logins_total", Map.of("result", "mfa_required"), 1);
            authMoved.atLeast("auth_logins_total", Map.of("result", "deactivated"), 1);
            authMoved.atLeast("auth_refreshes_total", Map.of("result", "rotated"), 2);
            authMoved.atLeast("auth_refreshes_total", Map.of("result", "grace"), 1);
            authMoved.atLeast("auth_refreshes_total", Map.of("result", "reuse"), 1);
            authMoved.atLeast("auth_refreshes_total", Map.of("result", "refused"), 1);
            authMoved.atLeast("auth_mail_sent_total", Map.of("kind", "mfa-enabled"), 1);
            for (PrometheusText instance : auth.instances()) {
                assertThat(instance.has("auth_password_hash_queue", Map.of())).isTrue();
                assertThat(instance.sum("auth_password_hash_queue")).isGreaterThanOrEqualTo(0);
            }
        });
    }

    @Test
    void jvmHttpRedisAndPostgresPoolMetricsAreServedByBothServices() {
        answerOneRequestEach();
        for (String service : List.of(E2eEnvironment.registryUrl(), E2eEnvironment.authUrl())) {
            PrometheusText scrape = scrape(service);
            assertThat(scrape.names())
                    .as(service)
                    .contains(
                            "jvm_memory_used_bytes",
                            "jvm_gc_memory_allocated_bytes_total",
                            "jvm_threads_live_threads",
                            "http_server_requests_seconds_count",
                            "redis_commands_duration_seconds_count",
                            "redis_pool_active",
                            "redis_pool_queue_size",
                            "sql_pool_active",
                            "sql_pool_queue_size");
        }
    }

    @Test
    void theDashboardAndTheAlertRulesNameOnlyMetricsTheServicesServe() throws Exception {
        answerOneRequestEach();
        Set<String> served = new TreeSet<>();
        served.addAll(scrape(E2eEnvironment.registryUrl()).names());
        served.addAll(scrape(E2eEnvironment.authUrl()).names());
        // made by Prometheus itself for every target, not by a service
        served.add("up");

        Set<String> named = new TreeSet<>();
        ObservabilityFiles.dashboardExpressions().forEach(expr -> named.addAll(PromQl.metricNames(expr)));
        ObservabilityFiles.alertExpressions().forEach(expr -> named.addAll(PromQl.metricNames(expr)));

        assertThat(named).isNotEmpty().contains("sessions_live", "auth_logins_total", "up");
        assertThat(served).containsAll(named);
    }

    /** One scrape of each instance of a service; a counter's figure is the sum of the instances' own. */
    private record Scrapes(List<PrometheusText> instances) {

        static Scrapes of(List<String> serviceUrls) {
            assertThat(serviceUrls).isNotEmpty();
            return new Scrapes(serviceUrls.stream().map(MetricsIT::scrape).toList());
        }

        boolean has(String name, Map<String, String> labels) {
            return instances.stream().anyMatch(instance -> instance.has(name, labels));
        }

        double sum(String name, Map<String, String> labels) {
            return instances.stream()
                    .mapToDouble(instance -> instance.sum(name, labels))
                    .sum();
        }
    }

    /** What moved between two scrapes of every instance of one service. */
    private record Moved(Scrapes before, Scrapes after) {

        void atLeast(String name, Map<String, String> labels, double expected) {
            assertThat(after.has(name, labels))
                    .as("%s%s is served", name, labels)
                    .isTrue();
            assertThat(after.sum(name, labels) - before.sum(name, labels))
                    .as("%s%s moved", name, labels)
                    .isGreaterThanOrEqualTo(expected);
        }
    }

    /** The HTTP server's meters exist once a service has answered a request that is not /check or /q/**. */
    private static void answerOneRequestEach() {
        assertThat(GatewayClient.send(GatewayClient.request(E2eEnvironment.registryUrl(), "/sessions/meta")
                                .GET()
                                .build())
                        .status())
                .isEqualTo(200);
        assertThat(GatewayClient.send(GatewayClient.request(E2eEnvironment.authUrl(), "/auth/jwks.json")
                                .GET()
                                .build())
                        .status())
                .isEqualTo(200);
    }

    private static Map<String, String> ended(String kind, String reason) {
        return Map.of("kind", kind, "reason", reason);
    }

    static PrometheusText scrape(String serviceUrl) {
        Answer answer = GatewayClient.send(
                GatewayClient.request(serviceUrl, "/q/metrics").GET().build());
        assertThat(answer.status()).as("GET %s/q/metrics", serviceUrl).isEqualTo(200);
        // OpenMetrics when the client does not ask for another format, as Prometheus itself does not
        assertThat(answer.contentType()).startsWith("application/openmetrics-text");
        return PrometheusText.parse(answer.body());
    }

    private static Answer login(String email, String password) {
        return GatewayClient.send(GatewayClient.request("/auth/login")
                .header("Content-Type", "application/json")
                .POST(GatewayClient.json(Map.of("email", email, "password", password, "rememberMe", false)))
                .build());
    }

    private static Answer refresh(String cookie) {
        return GatewayClient.send(GatewayClient.request("/auth/refresh")
                .header("Cookie", "refresh_token=" + cookie)
                .POST(HttpRequest.BodyPublishers.noBody())
                .build());
    }

    private static Answer call(String method, String path, SignedIn session, Object body) {
        return GatewayClient.send(GatewayClient.request(path)
                .header("Authorization", session.bearer())
                .header("Content-Type", "application/json")
                .method(method, GatewayClient.json(body))
                .build());
    }
}
