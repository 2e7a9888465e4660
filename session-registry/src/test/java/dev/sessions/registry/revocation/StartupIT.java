package dev.sessions.registry.revocation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import dev.sessions.registry.support.JwksServer;
import dev.sessions.registry.support.RegistryProcess;
import dev.sessions.registry.support.TestEnvironment;

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

    @Test
    void readsItsSecretsFromFilesNamedLikeTheirVariables() throws Exception {
        Path secrets = Files.createDirectories(Path.of("target", "it-secrets").toAbsolutePath());
        String token = "file-internal-token-0123456789abcdef";
        Files.writeString(secrets.resolve("INTERNAL_API_TOKEN"), token + "\n");
        Files.writeString(
                secrets.resolve("QUARKUS_DATASOURCE_PASSWORD"),
                System.getenv().getOrDefault("QUARKUS_DATASOURCE_PASSWORD", "sessions"));
        // above application.properties, below the environment
        Files.writeString(secrets.resolve("config_ordinal"), "270");
        JwksServer jwks = new JwksServer().start();
        try (RegistryProcess registry = RegistryProcess.startWithout(
                        "registry-secret-files",
                        Map.of(
                                "SMALLRYE_CONFIG_SOURCE_FILE_LOCATIONS", secrets.toString(),
                                "REGISTRY_JWKS_URL", jwks.url(),
                                "QUARKUS_REDIS_HOSTS",
                                        TestEnvironment.redisUrl().orElseThrow()),
                        "INTERNAL_API_TOKEN",
                        "QUARKUS_DATASOURCE_PASSWORD")
                .awaitReady()) {
            Map<String, String> end = Map.of("type", "SIGNED_OUT", "actorType", "USER", "actorId", "u-1");
            registry.given()
                    .header("Authorization", "Bearer " + token)
                    .contentType(ContentType.JSON)
                    .body(end)
                    .post("/internal/sessions/unknownSession0/end")
                    .then()
                    .statusCode(404);
            registry.given()
                    .header("Authorization", "Bearer not-" + token)
                    .contentType(ContentType.JSON)
                    .body(end)
                    .post("/internal/sessions/unknownSession0/end")
                    .then()
                    .statusCode(401);
            // PostgreSQL accepted the password from the file (Flyway migrated with it before the start, too)
            assertThat(registry.given()
                            .get("/q/health/ready")
                            .jsonPath()
                            .getBoolean("checks.find { it.name == 'history' }.data.postgresql-reachable"))
                    .isTrue();
        } finally {
            jwks.stop();
        }
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
