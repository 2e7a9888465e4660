package dev.sessions.e2e.metrics;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Grafana dashboard and the Prometheus alert rules of {@code deploy/observability/} parse and have what Grafana
 * and Prometheus need (no services needed; MetricsIT checks their metric names against what the services serve).
 */
class ObservabilityFilesTest {

    @Test
    void theDashboardHasPanelsEachWithAPrometheusQuery() {
        JsonNode dashboard = ObservabilityFiles.dashboard();

        assertThat(dashboard.path("title").asText()).isNotBlank();
        assertThat(dashboard.path("uid").asText()).isNotBlank();
        JsonNode panels = dashboard.path("panels");
        assertThat(panels.isArray()).isTrue();
        assertThat(panels.size()).isGreaterThanOrEqualTo(12);
        Set<Integer> ids = new HashSet<>();
        for (JsonNode panel : panels) {
            String title = panel.path("title").asText();
            assertThat(title).isNotBlank();
            assertThat(ids.add(panel.path("id").asInt()))
                    .as("unique id of %s", title)
                    .isTrue();
            assertThat(panel.path("type").asText()).as(title).isNotBlank();
            assertThat(panel.path("gridPos").path("w").asInt()).as(title).isPositive();
            assertThat(panel.path("gridPos").path("h").asInt()).as(title).isPositive();
            JsonNode targets = panel.path("targets");
            assertThat(targets.isArray() && targets.size() > 0)
                    .as("%s has targets", title)
                    .isTrue();
            for (JsonNode target : targets) {
                assertThat(target.path("expr").asText()).as(title).isNotBlank();
                assertThat(target.path("refId").asText()).as(title).isNotBlank();
            }
        }
        List<String> titles = new ArrayList<>();
        panels.forEach(panel -> titles.add(panel.path("title").asText()));
        assertThat(titles)
                .contains(
                        "Live sessions",
                        "Checks by result",
                        "Check latency",
                        "Revocation acknowledgement latency",
                        "Revocation acknowledgements missing",
                        "History outbox backlog",
                        "History events written",
                        "Sign-ins by result",
                        "Refreshes by result",
                        "Mail sent",
                        "Password hash queue",
                        "JVM heap");
    }

    @Test
    void everyAlertRuleHasAnExpressionADurationASeverityAndASummary() {
        JsonNode groups = ObservabilityFiles.alerts().path("groups");

        assertThat(groups.isArray() && groups.size() > 0).isTrue();
        List<String> alerts = new ArrayList<>();
        for (JsonNode group : groups) {
            assertThat(group.path("name").asText()).isNotBlank();
            for (JsonNode rule : group.path("rules")) {
                String alert = rule.path("alert").asText();
                assertThat(alert).isNotBlank();
                alerts.add(alert);
                assertThat(rule.path("expr").asText()).as(alert).isNotBlank();
                assertThat(rule.path("for").asText()).as(alert).matches("\\d+[smhd]");
                assertThat(rule.path("labels").path("severity").asText())
                        .as(alert)
                        .isIn("warning", "critical");
                assertThat(rule.path("annotations").path("summary").asText())
                        .as(alert)
                        .isNotBlank();
            }
        }
        assertThat(alerts)
                .doesNotHaveDuplicates()
                .contains(
                        "SessionServiceDown",
                        "HistoryOutboxBacklogGrowing",
                        "RevocationAcknowledgementsMissing",
                        "CheckDenialsSpiking",
                        "LoginFailuresSpiking",
                        "PasswordHashQueueFull");
    }

    @Test
    void prometheusAcceptsTheAlertRules() throws Exception {
        // promtool comes with Debian's prometheus package, which ./stack e2e and ./stack test install when missing
        Process check = new ProcessBuilder("promtool", "check", "rules", ObservabilityFiles.ALERTS.toString())
                .redirectErrorStream(true)
                .start();
        String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(check.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(check.exitValue()).as(output).isZero();
        assertThat(output).contains("SUCCESS");
    }

    @Test
    void metricNamesAreReadFromExpressionsWithoutFunctionsLabelsOrKeywords() {
        assertThat(PromQl.metricNames(
                        "histogram_quantile(0.95, sum by (le) (rate(check_duration_seconds_bucket[5m])))"))
                .containsExactly("check_duration_seconds_bucket");
        assertThat(PromQl.metricNames("sum(rate(check_requests_total{result=\"denied\"}[5m])) > 1 and"
                        + " sum(rate(x_total[5m] offset 1d)) / clamp_min(up, 1e-9)"))
                .containsExactlyInAnyOrder("check_requests_total", "x_total", "up");
    }
}
