package dev.sessions.auth.support;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The stores of this test JVM. Surefire runs the tests in three JVMs at once ({@code test.fork} is 1 to 3) so that
 * one JVM's waits on real windows overlap the others' work. The first uses the PostgreSQL database and Redis database
 * of the environment; every further fork n uses its own database, {@code <database>_fork<n>} (created when missing),
 * and Redis database {@code AUTH_TEST_FORK_REDIS_DB + n - 2} when that is set, else the environment's index plus
 * n - 1, because tests count what is in them (the active administrators, the outbox entries a run appended) and would
 * see another fork's data.
 */
public final class ForkStores {

    private static final int FORK = Integer.getInteger("test.fork", 1);

    private ForkStores() {}

    /** Whether this JVM uses stores of its own rather than the environment's. */
    static boolean ownStores() {
        return FORK > 1;
    }

    /** The Redis URL of this fork. */
    public static String redisUrl() {
        URI base = URI.create(env("QUARKUS_REDIS_HOSTS", "redis://127.0.0.1:6379/1"));
        if (!ownStores()) {
            return base.toString();
        }
        String path = base.getPath();
        int database = path == null || path.length() <= 1 ? 0 : Integer.parseInt(path.substring(1));
        String chosen = System.getenv("AUTH_TEST_FORK_REDIS_DB");
        int forkDatabase = chosen != null ? Integer.parseInt(chosen) + FORK - 2 : database + FORK - 1;
        return base.resolve("/" + forkDatabase).toString();
    }

    /** The key prefix of this fork on a Redis Cluster, where every fork has database 0. */
    static String clusterKeyPrefix(String base) {
        return ownStores() ? base + "fork" + FORK + ":" : base;
    }

    /** The reactive PostgreSQL URL of this fork. */
    public static String reactiveUrl() {
        return forkDatabase(env("QUARKUS_DATASOURCE_REACTIVE_URL", "postgresql://127.0.0.1:5432/sessions_test"));
    }

    /** The JDBC PostgreSQL URL of this fork (Flyway). */
    static String jdbcUrl() {
        return "jdbc:"
                + forkDatabase(env("QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://127.0.0.1:5432/sessions_test")
                        .substring("jdbc:".length()));
    }

    /** Creates this fork's database when it does not exist yet (the environment's role may create databases). */
    static synchronized void createDatabase() {
        if (!ownStores()) {
            return;
        }
        String shared = env("QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://127.0.0.1:5432/sessions_test");
        String name =
                URI.create(jdbcUrl().substring("jdbc:".length())).getPath().substring(1);
        try (Connection connection = DriverManager.getConnection(
                        shared,
                        env("QUARKUS_DATASOURCE_USERNAME", "sessions"),
                        env("QUARKUS_DATASOURCE_PASSWORD", "sessions"));
                Statement statement = connection.createStatement()) {
            var exists = statement.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + name + "'");
            if (!exists.next()) {
                statement.execute("CREATE DATABASE \"" + name + "\"");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not create the test database " + name + " of fork " + FORK, e);
        }
    }

    private static String forkDatabase(String url) {
        if (!ownStores()) {
            return url;
        }
        URI base = URI.create(url);
        return base.resolve(base.getPath() + "_fork" + FORK).toString();
    }

    private static String env(String name, String fallback) {
        return System.getenv().getOrDefault(name, fallback);
    }
}
