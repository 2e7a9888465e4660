package dev.sessions.e2e.metrics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/** The operator's files in {@code deploy/observability/}, read with real JSON and YAML parsers. */
final class ObservabilityFiles {

    static final Path DIRECTORY =
            Path.of("..").toAbsolutePath().normalize().resolve("deploy").resolve("observability");
    static final Path DASHBOARD = DIRECTORY.resolve("grafana-dashboard.json");
    static final Path ALERTS = DIRECTORY.resolve("alerts.yml");

    private ObservabilityFiles() {}

    static JsonNode dashboard() {
        return read(new ObjectMapper(), DASHBOARD);
    }

    static JsonNode alerts() {
        return read(new ObjectMapper(new YAMLFactory()), ALERTS);
    }

    /** Every panel target's {@code expr}. */
    static List<String> dashboardExpressions() {
        List<String> exprs = new ArrayList<>();
        dashboard()
                .path("panels")
                .forEach(panel -> panel.path("targets")
                        .forEach(target -> exprs.add(target.path("expr").asText())));
        return exprs;
    }

    /** Every rule's {@code expr}. */
    static List<String> alertExpressions() {
        List<String> exprs = new ArrayList<>();
        alerts().path("groups")
                .forEach(group -> group.path("rules")
                        .forEach(rule -> exprs.add(rule.path("expr").asText())));
        return exprs;
    }

    private static JsonNode read(ObjectMapper mapper, Path file) {
        try {
            return mapper.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(file + " does not parse", e);
        }
    }
}
