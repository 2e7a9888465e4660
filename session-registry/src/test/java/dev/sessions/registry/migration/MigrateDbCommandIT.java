package dev.sessions.registry.migration;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.sessions.registry.support.JwksServer;
import dev.sessions.registry.support.RegistryProcess;
import dev.sessions.registry.support.TestEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code migrate-db}, the command of Kubernetes' migration Job (ADR 17): the built registry migrates an empty schema and
 * exits 0. (The Job used {@code quarkus.init-and-exit} before, which exits 1 with the registry's own entry point.)
 */
class MigrateDbCommandIT {

    @Test
    void migratesAnEmptySchemaAndExitsZero() throws Exception {
        String schema =
                "registry_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        JwksServer jwks = new JwksServer().start();
        try {
            Map<String, String> environment = new HashMap<>();
            environment.put("INTERNAL_API_TOKEN", "it-internal-token-0123456789");
            environment.put("REGISTRY_JWKS_URL", jwks.url());
            environment.put("REGISTRY_REVOCATION_CHANNEL", "revocations-it-" + UUID.randomUUID());
            TestEnvironment.redisUrl().ifPresent(url -> environment.put("QUARKUS_REDIS_HOSTS", url));
            environment.put("QUARKUS_FLYWAY_SCHEMAS", schema);
            environment.put("QUARKUS_FLYWAY_DEFAULT_SCHEMA", schema);

            try (RegistryProcess command = RegistryProcess.command("migrate-db", environment, "migrate-db")) {
                assertThat(command.awaitExit(Duration.ofSeconds(180))).isZero();
                assertThat(command.log()).contains("the registry's schema is migrated");
            }
            try (Connection database = connect();
                    Statement statement = database.createStatement();
                    ResultSet rows = statement.executeQuery(
                            "SELECT count(*) FROM " + schema + ".flyway_schema_history WHERE success")) {
                rows.next();
                assertThat(rows.getInt(1)).isGreaterThanOrEqualTo(4);
            }
        } finally {
            jwks.stop();
            try (Connection database = connect();
                    Statement statement = database.createStatement()) {
                statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
        }
    }

    private static Connection connect() throws SQLException {
        return DriverManager.getConnection(
                env("QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://127.0.0.1:5432/sessions_test"),
                env("QUARKUS_DATASOURCE_USERNAME", "sessions"),
                env("QUARKUS_DATASOURCE_PASSWORD", "sessions"));
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
