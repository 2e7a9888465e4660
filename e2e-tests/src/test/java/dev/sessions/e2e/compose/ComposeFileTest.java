package dev.sessions.e2e.compose;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docker-compose.yml and the Dockerfile match the contract ("Processes and ports", "Gateway", "Running it").
 * No Docker engine runs where the tests run, so this reads the files instead of starting them.
 */
class ComposeFileTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern TEMPLATE_VARIABLE = Pattern.compile("\\$\\{(GATEWAY_[A-Z_]+)}");

    private static JsonNode compose;
    private static JsonNode services;

    @BeforeAll
    static void readComposeFile() throws IOException {
        compose = new ObjectMapper(new YAMLFactory())
                .readTree(ROOT.resolve("docker-compose.yml").toFile());
        services = compose.path("services");
    }

    @Test
    void definesEveryProcessOfTheStack() {
        assertThat(names(services))
                .containsExactlyInAnyOrder(
                        "postgres", "redis", "session-registry", "auth-service", "gateway", "maildev", "geoipupdate");
    }

    @Test
    void everyServiceHasAHealthCheck() {
        services.fields()
                .forEachRemaining(service -> assertThat(service.getValue()
                                .path("healthcheck")
                                .path("test")
                                .size())
                        .as("healthcheck of %s", service.getKey())
                        .isPositive());
    }

    @Test
    void servicesAreCheckedForReadinessOnTheirOwnPorts() {
        assertThat(healthcheck("auth-service")).contains("http://127.0.0.1:8081/q/health/ready");
        assertThat(healthcheck("session-registry")).contains("http://127.0.0.1:8082/q/health/ready");
        assertThat(healthcheck("postgres")).contains("pg_isready");
        assertThat(healthcheck("redis")).contains("ping");
    }

    @Test
    void onlyTheGatewayIsPublishedToEveryoneAndTheServicesToOperatorsOnLoopback() {
        assertThat(ports("gateway")).containsExactly("${GATEWAY_PORT:-8080}:8080");
        assertThat(ports("auth-service")).containsExactly("127.0.0.1:${AUTH_PORT:-8081}:8081");
        assertThat(ports("session-registry")).containsExactly("127.0.0.1:${REGISTRY_PORT:-8082}:8082");
        assertThat(ports("postgres")).isEmpty();
        assertThat(ports("redis")).isEmpty();
        assertThat(ports("geoipupdate")).isEmpty();
        assertThat(ports("maildev"))
                .containsExactly(
                        "127.0.0.1:${MAILDEV_WEB_PORT:-1080}:1080", "127.0.0.1:${MAILDEV_SMTP_PORT:-1025}:1025");
    }

    @Test
    void mailGoesToMailDevUnlessTheCallerNamesAnSmtpServer() {
        JsonNode auth = services.path("auth-service").path("environment");

        assertThat(services.path("maildev").path("image").asText()).startsWith("maildev/maildev:2");
        assertThat(auth.path("QUARKUS_MAILER_HOST").asText()).isEqualTo("${QUARKUS_MAILER_HOST:-maildev}");
        assertThat(auth.path("QUARKUS_MAILER_PORT").asText()).isEqualTo("${QUARKUS_MAILER_PORT:-1025}");
        assertThat(auth.path("AUTH_PUBLIC_URL").asText()).startsWith("${AUTH_PUBLIC_URL:-");
    }

    @Test
    void sampleAppIsNotPublished() {
        services.fields()
                .forEachRemaining(service -> assertThat(ports(service.getKey()))
                        .as("ports of %s", service.getKey())
                        .noneMatch(port -> port.contains("8090")));
    }

    @Test
    void redisKeepsAnAppendOnlyFileOnAVolume() {
        assertThat(String.join(" ", texts(services.path("redis").path("command"))))
                .contains("--appendonly yes");
        assertThat(texts(services.path("redis").path("volumes"))).anyMatch(volume -> volume.endsWith(":/data"));
        assertThat(texts(services.path("postgres").path("volumes")))
                .anyMatch(volume -> volume.endsWith(":/var/lib/postgresql/data"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"auth-service", "session-registry"})
    void servicesReachPostgresAndRedisInsideTheNetwork(String name) {
        JsonNode env = services.path(name).path("environment");

        assertThat(env.path("QUARKUS_DATASOURCE_REACTIVE_URL").asText())
                .isEqualTo("postgresql://postgres:5432/sessions");
        assertThat(env.path("QUARKUS_DATASOURCE_JDBC_URL").asText())
                .isEqualTo("jdbc:postgresql://postgres:5432/sessions");
        assertThat(env.path("QUARKUS_DATASOURCE_USERNAME").asText()).isNotBlank();
        assertThat(env.path("QUARKUS_REDIS_HOSTS").asText()).endsWith("@redis:6379/0");
        assertThat(env.path("INTERNAL_API_TOKEN").asText()).startsWith("${INTERNAL_API_TOKEN:?");
        assertThat(dependsOnHealthy(name)).contains("postgres", "redis");
    }

    @Test
    void servicesAreWiredToEachOther() {
        JsonNode auth = services.path("auth-service").path("environment");
        JsonNode registry = services.path("session-registry").path("environment");

        assertThat(auth.path("QUARKUS_HTTP_PORT").asText()).isEqualTo("8081");
        assertThat(registry.path("QUARKUS_HTTP_PORT").asText()).isEqualTo("8082");
        // the services bind to 127.0.0.1 by default; in compose the other containers must reach them
        assertThat(auth.path("QUARKUS_HTTP_HOST").asText()).isEqualTo("0.0.0.0");
        assertThat(registry.path("QUARKUS_HTTP_HOST").asText()).isEqualTo("0.0.0.0");
        assertThat(auth.path("QUARKUS_REST_CLIENT_SESSION_REGISTRY_URL").asText())
                .isEqualTo("http://session-registry:8082");
        assertThat(registry.path("REGISTRY_JWKS_URL").asText()).isEqualTo("http://auth-service:8081/auth/jwks.json");
        assertThat(auth.path("AUTH_REVOCATION_CHANNEL").asText())
                .isEqualTo(registry.path("REGISTRY_REVOCATION_CHANNEL").asText());
        assertThat(dependsOnHealthy("auth-service")).contains("session-registry");
    }

    @Test
    void secretsHaveNoDefaults() {
        JsonNode auth = services.path("auth-service").path("environment");

        assertThat(auth.path("AUTH_SIGNING_PRIVATE_KEY").asText()).startsWith("${AUTH_SIGNING_PRIVATE_KEY:?");
        assertThat(auth.path("AUTH_REFRESH_SECRET").asText()).startsWith("${AUTH_REFRESH_SECRET:?");
        assertThat(auth.path("AUTH_MFA_ENCRYPTION_KEY").asText()).startsWith("${AUTH_MFA_ENCRYPTION_KEY:?");
        assertThat(auth.has("AUTH_BOOTSTRAP_ADMIN_EMAIL")).isTrue();
        assertThat(auth.has("AUTH_BOOTSTRAP_ADMIN_PASSWORD")).isTrue();
    }

    @Test
    void postgresAndRedisRunWithThePasswordsOfTheirSecretsNeverADefault() {
        JsonNode postgres = services.path("postgres");
        JsonNode redis = services.path("redis");
        JsonNode secrets = compose.path("secrets");

        assertThat(postgres.path("environment").has("POSTGRES_PASSWORD"))
                .as("no password in the environment")
                .isFalse();
        assertThat(postgres.path("environment").path("POSTGRES_PASSWORD_FILE").asText())
                .isEqualTo("/run/secrets/pg_password");
        assertThat(texts(postgres.path("secrets"))).containsExactly("pg_password");
        assertThat(texts(redis.path("secrets"))).containsExactly("redis_password");
        assertThat(String.join(" ", texts(redis.path("command"))))
                .contains("requirepass", "/run/secrets/redis_password");
        assertThat(healthcheck("redis")).contains("REDISCLI_AUTH", "/run/secrets/redis_password");
        assertThat(secrets.path("pg_password").path("environment").asText()).isEqualTo("PG_PASSWORD");
        assertThat(secrets.path("redis_password").path("environment").asText()).isEqualTo("REDIS_PASSWORD");
        for (String name : List.of("auth-service", "session-registry")) {
            JsonNode env = services.path(name).path("environment");
            assertThat(env.path("QUARKUS_DATASOURCE_PASSWORD").asText())
                    .as(name)
                    .startsWith("${PG_PASSWORD:?");
            assertThat(env.path("QUARKUS_REDIS_HOSTS").asText())
                    .as(name)
                    .startsWith("redis://:${REDIS_PASSWORD:?")
                    .endsWith("@redis:6379/0");
        }
    }

    @Test
    void everySettingThatTheStackPassesReachesTheSameServiceUnderCompose() throws IOException {
        String stack = Files.readString(ROOT.resolve("stack"));
        String serviceEnv = stack.substring(
                stack.indexOf("export_service_env() {"),
                stack.indexOf("\n}\n", stack.indexOf("export_service_env() {")));
        Matcher exported = Pattern.compile(
                        "(?:export|^\\s*)\\s*((?:AUTH|REGISTRY|QUARKUS)_[A-Z_]+)=", Pattern.MULTILINE)
                .matcher(serviceEnv);
        Set<String> variables = new TreeSet<>();
        while (exported.find()) {
            variables.add(exported.group(1));
        }
        assertThat(variables).contains("QUARKUS_REDIS_HOSTS", "AUTH_ACCESS_TOKEN_TTL", "REGISTRY_JWKS_URL");
        JsonNode auth = services.path("auth-service").path("environment");
        JsonNode registry = services.path("session-registry").path("environment");

        for (String variable : variables) {
            if (variable.startsWith("REGISTRY_")) {
                assertThat(registry.has(variable))
                        .as("session-registry gets %s", variable)
                        .isTrue();
            } else if (variable.startsWith("AUTH_")
                    || variable.startsWith("QUARKUS_REST_CLIENT_")
                    || variable.startsWith("QUARKUS_MAILER_")) {
                assertThat(auth.has(variable))
                        .as("auth-service gets %s", variable)
                        .isTrue();
            } else {
                assertThat(auth.has(variable))
                        .as("auth-service gets %s", variable)
                        .isTrue();
                assertThat(registry.has(variable))
                        .as("session-registry gets %s", variable)
                        .isTrue();
            }
        }
        // the registry's denylist must outlive the tokens auth-service issues: it needs their lifetime too
        assertThat(registry.has("AUTH_ACCESS_TOKEN_TTL")).isTrue();
        assertThat(registry.path("AUTH_ACCESS_TOKEN_TTL").isNull()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"auth-service", "session-registry"})
    void jsonLogsAreSwitchedByTheirRealVariable(String name) {
        JsonNode env = services.path(name).path("environment");

        assertThat(env.has("QUARKUS_LOG_CONSOLE_JSON_ENABLED")).isTrue();
        assertThat(env.has("QUARKUS_LOG_CONSOLE_JSON"))
                .as("not a Quarkus property")
                .isFalse();
    }

    @Test
    void callersSettingsPassThroughToTheServices() {
        JsonNode auth = services.path("auth-service").path("environment");

        // A key without a value takes the value of the caller's environment (AUTH_ACCESS_TOKEN_TTL=5s ./stack up).
        assertThat(auth.has("AUTH_ACCESS_TOKEN_TTL")).isTrue();
        assertThat(auth.path("AUTH_ACCESS_TOKEN_TTL").isNull()).isTrue();
        assertThat(auth.has("AUTH_REFRESH_REUSE_GRACE")).isTrue();
        assertThat(services.path("session-registry").path("environment").has("REGISTRY_GEOIP_DATABASE"))
                .isTrue();
    }

    @Test
    void theRegistryKnowsTheAccessTokenLifetime() {
        JsonNode registry = services.path("session-registry").path("environment");

        // its denylist must outlive the longest token it accepts, which it learns from the same variable
        assertThat(registry.has("AUTH_ACCESS_TOKEN_TTL")).isTrue();
        assertThat(registry.path("AUTH_ACCESS_TOKEN_TTL").isNull()).isTrue();
    }

    @Test
    void gatewayRendersTheProjectTemplateAndServesTheConsole() throws IOException {
        JsonNode gateway = services.path("gateway");
        JsonNode env = gateway.path("environment");

        assertThat(gateway.path("image").asText()).startsWith("nginx:");
        assertThat(texts(gateway.path("volumes")))
                .contains(
                        "./gateway-config/templates:/etc/nginx/templates:ro",
                        "./gateway-config/console:"
                                + env.path("GATEWAY_CONSOLE_ROOT").asText() + ":ro");
        assertThat(env.path("NGINX_ENVSUBST_FILTER").asText()).isEqualTo("^GATEWAY_");
        assertThat(env.path("GATEWAY_AUTH_UPSTREAM").asText()).isEqualTo("auth-service:8081");
        assertThat(env.path("GATEWAY_REGISTRY_UPSTREAM").asText()).isEqualTo("session-registry:8082");
        assertThat(env.path("GATEWAY_PORT").asText()).isEqualTo("8080");
        assertThat(env.path("GATEWAY_APP_PORT").asText()).isEqualTo("8090");
        assertThat(names(env)).containsAll(templateVariables());
        assertThat(dependsOnHealthy("gateway")).contains("auth-service", "session-registry");
    }

    @Test
    void geoipUpdateRunsOnlyInItsProfile() {
        JsonNode geoip = services.path("geoipupdate");

        assertThat(texts(geoip.path("profiles"))).containsExactly("geoip");
        assertThat(geoip.path("environment").path("GEOIPUPDATE_EDITION_IDS").asText())
                .contains("City");
        services.fields().forEachRemaining(service -> {
            if (!service.getKey().equals("geoipupdate")) {
                assertThat(service.getValue().has("profiles"))
                        .as("profiles of %s", service.getKey())
                        .isFalse();
            }
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"auth-service", "session-registry"})
    void eachServiceBuildsInTwoStagesAndRunsTheQuarkusApp(String name) throws IOException {
        JsonNode build = services.path(name).path("build");
        assertThat(build.path("context").asText()).isEqualTo(".");
        assertThat(build.path("dockerfile").asText("Dockerfile")).isEqualTo("Dockerfile");
        assertThat(build.path("args").path("MODULE").asText()).isEqualTo(name);
        assertThat(build.path("args").path("PORT").asText()).isEqualTo(name.equals("auth-service") ? "8081" : "8082");

        String dockerfile = Files.readString(ROOT.resolve("Dockerfile"));

        assertThat(dockerfile.lines().filter(line -> line.startsWith("FROM "))).hasSize(2);
        assertThat(dockerfile)
                .contains("./mvnw -B", "-pl \"$MODULE\"", "COPY --from=build", "quarkus-run.jar", "USER 185");
    }

    private static List<String> templateVariables() throws IOException {
        Matcher variables = TEMPLATE_VARIABLE.matcher(
                Files.readString(ROOT.resolve("gateway-config/templates/gateway.conf.template")));
        Set<String> names = new TreeSet<>();
        while (variables.find()) {
            names.add(variables.group(1));
        }
        assertThat(names).isNotEmpty();
        return List.copyOf(names);
    }

    private static String healthcheck(String service) {
        return String.join(" ", texts(services.path(service).path("healthcheck").path("test")));
    }

    private static List<String> ports(String service) {
        return texts(services.path(service).path("ports"));
    }

    private static List<String> dependsOnHealthy(String service) {
        List<String> healthy = new ArrayList<>();
        services.path(service).path("depends_on").fields().forEachRemaining(dependency -> {
            if ("service_healthy".equals(dependency.getValue().path("condition").asText())) {
                healthy.add(dependency.getKey());
            }
        });
        return healthy;
    }

    private static List<String> names(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }
}
