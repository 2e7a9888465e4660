package dev.sessions.e2e.compose;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
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
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
        assertThat(env.path("QUARKUS_REDIS_HOSTS").asText()).isEqualTo("redis://redis:6379/0");
        assertThat(secretFiles(name)).containsEntry("INTERNAL_API_TOKEN", "internal_api_token");
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
        JsonNode secrets = compose.path("secrets");

        // each comes from the caller's variable of the same name (./stack exports them), with no fallback value
        for (String secret : List.of(
                "internal_api_token",
                "auth_signing_private_key",
                "auth_refresh_secret",
                "auth_mfa_encryption_key",
                "pg_password",
                "redis_password")) {
            assertThat(secrets.path(secret).path("environment").asText())
                    .as(secret)
                    .matches("[A-Z_]+");
            assertThat(secrets.path(secret).has("file")).as(secret).isFalse();
        }
        assertThat(secretFiles("auth-service"))
                .containsEntry("AUTH_SIGNING_PRIVATE_KEY", "auth_signing_private_key")
                .containsEntry("AUTH_REFRESH_SECRET", "auth_refresh_secret")
                .containsEntry("AUTH_MFA_ENCRYPTION_KEY", "auth_mfa_encryption_key");
        JsonNode auth = services.path("auth-service").path("environment");
        assertThat(auth.has("AUTH_BOOTSTRAP_ADMIN_EMAIL")).isTrue();
        assertThat(auth.has("AUTH_BOOTSTRAP_ADMIN_PASSWORD")).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"auth-service", "session-registry"})
    void servicesReadTheirSecretsFromFilesAboveTheirDefaults(String name) {
        JsonNode service = services.path(name);

        assertThat(service.path("environment")
                        .path("SMALLRYE_CONFIG_SOURCE_FILE_LOCATIONS")
                        .asText())
                .isEqualTo("/run/secrets");
        assertThat(secretFiles(name))
                .containsEntry("QUARKUS_DATASOURCE_PASSWORD", "pg_password")
                .containsEntry("QUARKUS_REDIS_PASSWORD", "redis_password");
        // above application.properties (250), below the environment (300)
        JsonNode ordinal = service.path("configs").get(0);
        assertThat(ordinal.path("target").asText()).isEqualTo("/run/secrets/config_ordinal");
        assertThat(compose.path("configs")
                        .path(ordinal.path("source").asText())
                        .path("content")
                        .asText())
                .isEqualTo("270");
    }

    @Test
    void noSecretValueReachesAnyContainersEnvironment() {
        Map<String, String> caller = callerEnvironment();
        List<String> secretValues = List.of(
                caller.get("INTERNAL_API_TOKEN"),
                caller.get("AUTH_SIGNING_PRIVATE_KEY"),
                caller.get("AUTH_REFRESH_SECRET"),
                caller.get("AUTH_MFA_ENCRYPTION_KEY"),
                caller.get("PG_PASSWORD"),
                caller.get("REDIS_PASSWORD"));

        services.fieldNames()
                .forEachRemaining(name -> assertThat(render(name, caller).values())
                        .as("environment of %s", name)
                        .allSatisfy(value -> assertThat(secretValues).noneMatch(value::contains)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"auth-service", "session-registry"})
    void servicesHaveAMemoryLimitTheirJvmSizesItsHeapFrom(String name) throws IOException {
        String limit = services.path(name)
                .path("deploy")
                .path("resources")
                .path("limits")
                .path("memory")
                .asText();

        assertThat(limit).matches("[0-9]+[MG]");
        assertThat(Files.readString(ROOT.resolve("Dockerfile")))
                .contains("-XX:MaxRAMPercentage=", "-XX:+ExitOnOutOfMemoryError");
    }

    @ParameterizedTest
    @ValueSource(strings = {"auth-service", "session-registry"})
    void stoppingWaitsLongerThanRequestsInFlightMay(String name) throws IOException {
        Duration grace = duration(services.path(name).path("stop_grace_period").asText());
        Properties properties = new Properties();
        try (var in = Files.newBufferedReader(ROOT.resolve(name + "/src/main/resources/application.properties"))) {
            properties.load(in);
        }
        Duration timeout = duration(properties.getProperty("quarkus.shutdown.timeout"));

        assertThat(timeout).isPositive();
        // docker stop sends SIGKILL after the grace period: it must cover the wait for requests and the stop itself
        assertThat(grace).isGreaterThanOrEqualTo(timeout.plusSeconds(5));
        assertThat(properties.getProperty("quarkus.shutdown.delay-enabled")).isEqualTo("true");
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
            assertThat(env.has("QUARKUS_DATASOURCE_PASSWORD")).as(name).isFalse();
            assertThat(env.path("QUARKUS_REDIS_HOSTS").asText()).as(name).doesNotContain("@");
            assertThat(secretFiles(name))
                    .as(name)
                    .containsEntry("QUARKUS_DATASOURCE_PASSWORD", "pg_password")
                    .containsEntry("QUARKUS_REDIS_PASSWORD", "redis_password");
        }
    }

    /**
     * Renders each service's effective environment as compose would (interpolating a caller's environment) and compares
     * it with what ./stack's export_service_env gives the same service: every variable it exports reaches the service,
     * as a variable or a secret file; what the caller sets passes through unchanged; only the wiring differs (URLs and
     * ports inside the compose network). Which service reads a variable follows the services' own configuration: an
     * {@code AUTH_*} setting the registry refers to reaches the registry too.
     */
    @Test
    void everySettingThatTheStackPassesReachesTheSameServiceUnderCompose() throws IOException {
        Set<String> exported = stackServiceVariables();
        assertThat(exported).contains("QUARKUS_REDIS_HOSTS", "AUTH_ACCESS_TOKEN_TTL", "REGISTRY_JWKS_URL");
        Set<String> wiring = Set.of(
                "QUARKUS_HTTP_PORT",
                "QUARKUS_DATASOURCE_REACTIVE_URL",
                "QUARKUS_DATASOURCE_JDBC_URL",
                "QUARKUS_DATASOURCE_USERNAME",
                "QUARKUS_DATASOURCE_PASSWORD",
                "QUARKUS_REDIS_HOSTS",
                "QUARKUS_REST_CLIENT_SESSION_REGISTRY_URL",
                "REGISTRY_JWKS_URL",
                "AUTH_REVOCATION_CHANNEL",
                "REGISTRY_REVOCATION_CHANNEL");
        Map<String, String> caller = callerEnvironment();
        for (String variable : exported) {
            caller.putIfAbsent(variable, "from-the-caller-" + variable.toLowerCase(Locale.ROOT));
        }

        for (String name : List.of("auth-service", "session-registry")) {
            Map<String, String> effective = render(name, caller);
            Map<String, String> files = secretFiles(name);
            for (String variable : exported) {
                if (!readBy(name, variable)) {
                    continue;
                }
                if (wiring.contains(variable)) {
                    assertThat(effective.containsKey(variable) || files.containsKey(variable))
                            .as("%s gets %s", name, variable)
                            .isTrue();
                } else {
                    assertThat(effective)
                            .as("%s gets the caller's %s", name, variable)
                            .containsEntry(variable, caller.get(variable));
                }
            }
        }
        // the registry's denylist must outlive the tokens auth-service issues: it needs their lifetime too
        assertThat(render("session-registry", caller))
                .containsEntry("AUTH_ACCESS_TOKEN_TTL", caller.get("AUTH_ACCESS_TOKEN_TTL"));
        assertThat(render("session-registry", caller).get("REGISTRY_REVOCATION_CHANNEL"))
                .isEqualTo(render("auth-service", caller).get("AUTH_REVOCATION_CHANNEL"));
    }

    @Test
    void theRenderingFollowsComposeInterpolation() {
        Map<String, String> caller = Map.of("SET", "value", "EMPTY", "");

        assertThat(interpolate("${SET:-default}", caller)).isEqualTo("value");
        assertThat(interpolate("${UNSET:-default}", caller)).isEqualTo("default");
        assertThat(interpolate("${EMPTY:-default}", caller)).isEqualTo("default");
        assertThat(interpolate("${EMPTY-default}", caller)).isEmpty();
        assertThat(interpolate("a${SET}b$SET$$SET", caller)).isEqualTo("avaluebvalue$SET");
        assertThat(interpolate("${UNSET}", caller)).isEmpty();
        assertThatThrownBy(() -> interpolate("${UNSET:?set it}", caller)).hasMessageContaining("set it");
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

    @Test
    void theImageStartsWithTheSameJitThresholdsAsTheStack() throws IOException {
        String dockerfile = Files.readString(ROOT.resolve("Dockerfile"));

        assertThat(ROOT.resolve("deploy/jvm-startup.options")).isRegularFile();
        assertThat(dockerfile)
                .contains("COPY --from=build --chown=185 /build/deploy/jvm-startup.options ./")
                .containsPattern("exec java @/deployments/jvm-startup.options \\$JAVA_OPTS -jar");
    }

    /** A caller's environment as ./stack exports it before `docker compose up` (secrets included). */
    private static Map<String, String> callerEnvironment() {
        Map<String, String> caller = new HashMap<>();
        caller.put("INTERNAL_API_TOKEN", "secret-internal-token-0123456789abcdef");
        caller.put("AUTH_SIGNING_PRIVATE_KEY", "-----BEGIN PRIVATE KEY-----\nsecret-key\n-----END PRIVATE KEY-----");
        caller.put("AUTH_REFRESH_SECRET", "secret-refresh-c2VjcmV0LXJlZnJlc2g=");
        caller.put("AUTH_MFA_ENCRYPTION_KEY", "secret-mfa-c2VjcmV0LW1mYQ==");
        caller.put("PG_PASSWORD", "secret-pg-password");
        caller.put("REDIS_PASSWORD", "secret-redis-password");
        caller.put("REVOCATION_CHANNEL", "revocations-e2e");
        caller.put("AUTH_ACCESS_TOKEN_TTL", "20s");
        return caller;
    }

    /** The variables ./stack's export_service_env gives the services. */
    private static Set<String> stackServiceVariables() throws IOException {
        String stack = Files.readString(ROOT.resolve("stack"));
        int start = stack.indexOf("export_service_env() {");
        String serviceEnv = stack.substring(start, stack.indexOf("\n}\n", start));
        Matcher exported = Pattern.compile(
                        "(?:export|^\\s*)\\s*((?:AUTH|REGISTRY|QUARKUS)_[A-Z_]+)=", Pattern.MULTILINE)
                .matcher(serviceEnv);
        Set<String> variables = new TreeSet<>();
        while (exported.find()) {
            variables.add(exported.group(1));
        }
        return variables;
    }

    /**
     * Whether the service reads the variable: its own prefix; an {@code AUTH_*} property the registry's configuration
     * refers to ({@code ${auth....}}); Quarkus settings both read, but the REST client and mailer are auth-service's.
     */
    private static boolean readBy(String service, String variable) throws IOException {
        if (variable.startsWith("QUARKUS_REST_CLIENT_") || variable.startsWith("QUARKUS_MAILER_")) {
            return service.equals("auth-service");
        }
        if (variable.startsWith("QUARKUS_")) {
            return true;
        }
        if (variable.startsWith("REGISTRY_")) {
            return service.equals("session-registry");
        }
        if (service.equals("auth-service")) {
            return true;
        }
        return registryReferences().contains(variable);
    }

    /** The {@code AUTH_*} variables behind the {@code ${auth....}} expressions of the registry's configuration. */
    private static Set<String> registryReferences() throws IOException {
        Set<String> referenced = new TreeSet<>();
        List<Path> sources = List.of(
                ROOT.resolve("session-registry/src/main/java/dev/sessions/registry/config/RegistryConfig.java"),
                ROOT.resolve("session-registry/src/main/resources/application.properties"));
        Matcher reference = Pattern.compile("\\$\\{(auth\\.[a-z0-9.-]+)").matcher("");
        for (Path source : sources) {
            reference.reset(Files.readString(source));
            while (reference.find()) {
                referenced.add(reference.group(1).toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_"));
            }
        }
        assertThat(referenced).contains("AUTH_ACCESS_TOKEN_TTL");
        return referenced;
    }

    /** The service's environment as compose gives it to the container, with the caller's environment interpolated. */
    private static Map<String, String> render(String service, Map<String, String> caller) {
        Map<String, String> effective = new TreeMap<>();
        services.path(service).path("environment").fields().forEachRemaining(entry -> {
            if (entry.getValue().isNull()) {
                // a key without a value: the caller's, or not set at all
                if (caller.containsKey(entry.getKey())) {
                    effective.put(entry.getKey(), caller.get(entry.getKey()));
                }
            } else {
                effective.put(entry.getKey(), interpolate(entry.getValue().asText(), caller));
            }
        });
        return effective;
    }

    /** Compose's interpolation: $$, $VAR, ${VAR}, ${VAR:-default}, ${VAR-default}, ${VAR:?error}, ${VAR?error}. */
    private static String interpolate(String text, Map<String, String> caller) {
        Matcher matcher = Pattern.compile(
                        "\\$\\$|\\$([A-Za-z_][A-Za-z0-9_]*)|\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?}")
                .matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String replacement;
            if (matcher.group().equals("$$")) {
                replacement = "$";
            } else {
                String name = matcher.group(1) != null ? matcher.group(1) : matcher.group(2);
                String value = caller.get(name);
                String operator = matcher.group(3);
                boolean missing =
                        operator != null && operator.startsWith(":") ? value == null || value.isEmpty() : value == null;
                if (operator != null && operator.endsWith("-") && missing) {
                    replacement = matcher.group(4);
                } else if (operator != null && operator.endsWith("?") && missing) {
                    throw new IllegalStateException("compose refuses: " + matcher.group(4));
                } else {
                    replacement = value == null ? "" : value;
                }
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    /** The service's secret files: file name under /run/secrets -> compose secret. */
    private static Map<String, String> secretFiles(String service) {
        Map<String, String> files = new TreeMap<>();
        services.path(service).path("secrets").forEach(secret -> {
            if (secret.isTextual()) {
                files.put(secret.asText(), secret.asText());
            } else {
                files.put(
                        secret.path("target").asText(secret.path("source").asText()),
                        secret.path("source").asText());
            }
        });
        return files;
    }

    /** A compose or Quarkus duration: 20s, 1m30s, 10S, 500ms. */
    private static Duration duration(String text) {
        Matcher part = Pattern.compile("([0-9]+)(ms|h|m|s)").matcher(text.toLowerCase(Locale.ROOT));
        Duration total = Duration.ZERO;
        while (part.find()) {
            long amount = Long.parseLong(part.group(1));
            total = total.plus(
                    switch (part.group(2)) {
                        case "ms" -> Duration.ofMillis(amount);
                        case "s" -> Duration.ofSeconds(amount);
                        case "m" -> Duration.ofMinutes(amount);
                        default -> Duration.ofHours(amount);
                    });
        }
        return total;
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
