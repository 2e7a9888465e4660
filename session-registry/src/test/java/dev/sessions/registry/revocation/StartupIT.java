package dev.sessions.registry.revocation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import dev.sessions.registry.support.RegistryProcess;

import static org.assertj.core.api.Assertions.assertThat;

/** The packaged application in prod mode refuses to start without its secret, and says so in the chosen log format. */
class StartupIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void refusesToStartWithoutTheInternalCredential() throws Exception {
        List<String> lines = refusedStartLog("registry-no-secret", Map.of());

        assertThat(lines)
                .anySatisfy(
                        line -> assertThat(line).contains("internal.api-token").doesNotStartWith("{"));
    }

    @Test
    void writesJsonLogLinesWhenAsked() throws Exception {
        List<String> lines = refusedStartLog("registry-json-log", Map.of("QUARKUS_LOG_CONSOLE_JSON_ENABLED", "true"));

        List<JsonNode> records = lines.stream()
                .filter(line -> line.startsWith("{"))
                .map(StartupIT::parse)
                .toList();
        assertThat(records)
                .isNotEmpty()
                .allSatisfy(record -> assertThat(record.has("level")).isTrue());
        assertThat(records)
                .anySatisfy(record -> assertThat(record.path("message").asText()
                                + record.path("exception").toString())
                        .contains("internal.api-token"));
    }

    private static List<String> refusedStartLog(String name, Map<String, String> environment) throws Exception {
        try (RegistryProcess process = RegistryProcess.startWithout(name, environment, "INTERNAL_API_TOKEN")) {
            assertThat(process.awaitExit(Duration.ofSeconds(120))).isNotZero();
        }
        return Files.readAllLines(Path.of("target", "it-logs", name + ".log"));
    }

    private static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new AssertionError("not a JSON log line: " + line, e);
        }
    }
}
