package dev.sessions.registry.history;

import java.net.InetAddress;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import groovy.json.JsonOutput;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.sessions.contract.redis.RedisKeys;
import dev.sessions.registry.support.JwksServer;
import dev.sessions.registry.support.RegistryProcess;
import dev.sessions.registry.support.TestEnvironment;
import dev.sessions.registry.support.Tokens;
import dev.sessions.testing.TcpProxy;
import dev.sessions.testing.UserAgents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The packaged registry without PostgreSQL or Redis, as README's "Failure behaviour" and "Health" describe it: without
 * PostgreSQL it stays ready and its {@code history} check says that history waits and how much; without Redis it is
 * not ready. It reaches both through proxies the test can cut or freeze; a restarted instance (same host and port, so
 * the same outbox consumer name) stores at once the history it had read but not stored when it stopped.
 */
class StoreOutageIT {

    private static final String TOKEN = "it-internal-token-0123456789";

    private static JwksServer jwks;
    private static TcpProxy postgres;
    private static TcpProxy redisLink;
    private static Map<String, String> environment;
    private static int port;
    private static RegistryProcess registry;
    private static Vertx vertx;
    private static Redis redis;
    private static Connection database;

    @BeforeAll
    static void start() {
        jwks = new JwksServer().start();
        URI pg = URI.create(env("QUARKUS_DATASOURCE_REACTIVE_URL", "postgresql://127.0.0.1:5432/sessions_test"));
        URI redisUri = URI.create(
                TestEnvironment.redisUrl().orElse("redis://127.0.0.1:6379/" + TestEnvironment.REDIS_DATABASE));
        postgres = new TcpProxy(pg.getHost(), pg.getPort() < 0 ? 5432 : pg.getPort()).open();
        redisLink = new TcpProxy(redisUri.getHost(), redisUri.getPort() < 0 ? 6379 : redisUri.getPort()).open();
        String redisAuth = redisUri.getRawUserInfo() == null ? "" : redisUri.getRawUserInfo() + "@";

        environment = new HashMap<>();
        environment.put("INTERNAL_API_TOKEN", TOKEN);
        environment.put("REGISTRY_JWKS_URL", jwks.url());
        environment.put("REGISTRY_REVOCATION_CHANNEL", "revocations-it-" + UUID.randomUUID());
        environment.put(
                "QUARKUS_REDIS_HOSTS", "redis://" + redisAuth + "127.0.0.1:" + redisLink.port() + redisUri.getPath());
        environment.put("QUARKUS_REDIS_TIMEOUT", "2s");
        environment.put("QUARKUS_DATASOURCE_REACTIVE_URL", "postgresql://127.0.0.1:" + postgres.port() + pg.getPath());
        // Flyway too: the schema migration that runs beside the start (ADR 17) goes through the same link
        environment.put("QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://127.0.0.1:" + postgres.port() + pg.getPath());
        environment.put("REGISTRY_HISTORY_SCHEMA_WAIT", "1s");
        environment.put("REGISTRY_HISTORY_HEALTH_TIMEOUT", "1s");
        // only a consumer that takes back its own entries can store them within the test: nobody claims them
        environment.put("REGISTRY_HISTORY_CLAIM_IDLE", "10m");
        port = TcpProxy.freePort();
        registry = RegistryProcess.startOnPort("registry-outage", port, environment)
                .awaitReady();

        vertx = Vertx.vertx();
        redis = Redis.createClient(vertx, redisUri.toString());
    }

    @AfterAll
    static void stop() throws SQLException {
        if (registry != null) {
            registry.close();
        }
        for (TcpProxy proxy : new TcpProxy[] {postgres, redisLink}) {
            if (proxy != null) {
                proxy.stop();
            }
        }
        if (jwks != null) {
            jwks.stop();
        }
        if (vertx != null) {
            vertx.close();
        }
        if (database != null) {
            database.close();
        }
    }

    /** Whatever a test cut, the links are whole again for the next one. */
    @AfterEach
    void linksUp() {
        for (TcpProxy proxy : new TcpProxy[] {postgres, redisLink}) {
            proxy.thaw();
            proxy.cut();
            proxy.open();
        }
    }

    @Test
    void withoutPostgresTheRegistryStaysReadyAndSaysThatHistoryWaitsAndHowMuch() throws SQLException {
        // a test before this one may have cut PostgreSQL: writes flow again once the drain has written after it
        await().atMost(Duration.ofSeconds(30))
                .until(() -> history().getBoolean("data.postgresql-reachable")
                        && "flowing".equals(history().getString("data.writes")));
        String uid = "u-" + UUID.randomUUID();

        postgres.cut();
        for (int i = 0; i < 3; i++) {
            open(uid);
        }

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonPath ready = ready(200);
            assertThat(ready.getString("status")).isEqualTo("UP");
            JsonPath history = check(ready, "history");
            assertThat(history.getString("status")).isEqualTo("UP");
            assertThat(history.getBoolean("data.postgresql-reachable")).isFalse();
            assertThat(history.getString("data.writes")).startsWith("waiting since ");
            assertThat(history.getLong("data.outbox-backlog")).isGreaterThanOrEqualTo(3);
        });
        assertThat(count(uid, "SIGNED_IN")).isZero();

        postgres.open();

        await().atMost(Duration.ofSeconds(60)).until(() -> count(uid, "SIGNED_IN") == 3);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonPath history = history();
            assertThat(history.getBoolean("data.postgresql-reachable")).isTrue();
            assertThat(history.getString("data.writes")).isEqualTo("flowing");
        });
    }

    /**
     * ADR 17: the migration runs beside the start, so an instance starts and serves while PostgreSQL is down (before,
     * Flyway ran before the start and the process exited); its history waits in the outbox and reaches PostgreSQL once
     * the schema is migrated.
     */
    @Test
    void startsWithoutPostgresAndMigratesAndStoresTheHistoryOnceItIsBack() {
        String uid = "u-" + UUID.randomUUID();
        postgres.cut();
        try (RegistryProcess second = RegistryProcess.startOnPort(
                        "registry-no-postgres", TcpProxy.freePort(), environment)
                .awaitReady()) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                JsonPath history = check(second.given().get("/q/health/ready").jsonPath(), "history");
                assertThat(history.getString("status")).isEqualTo("UP");
                assertThat(history.getString("data.schema")).isEqualTo("waiting for PostgreSQL");
                // history that cannot be written yet is said to wait, not to flow
                assertThat(history.getString("data.writes")).startsWith("waiting since ");
            });
            String sid = open(second, uid);
            open(second, uid);
            // a history read waits registry.history.schema-wait for the schema, then answers 503
            second.given()
                    .header("Authorization", "Bearer " + Tokens.user(uid, sid))
                    .get("/sessions/history")
                    .then()
                    .statusCode(503)
                    .contentType("application/problem+json");

            postgres.open();

            await().atMost(Duration.ofSeconds(60))
                    .until(() -> "migrated"
                            .equals(check(second.given().get("/q/health/ready").jsonPath(), "history")
                                    .getString("data.schema")));
            await().atMost(Duration.ofSeconds(60)).until(() -> count(uid, "SIGNED_IN") == 2);
        }
    }

    @Test
    void aFrozenPostgresShowsAsUnreachableWithoutHoldingReadinessUp() {
        postgres.freeze();

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonPath ready = ready(200);
            assertThat(check(ready, "history").getBoolean("data.postgresql-reachable"))
                    .isFalse();
        });

        postgres.thaw();
        await().atMost(Duration.ofSeconds(30)).until(() -> history().getBoolean("data.postgresql-reachable"));
    }

    @Test
    void withoutRedisTheRegistryIsNotReady() {
        redisLink.cut();

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonPath ready = ready(503);
            assertThat(ready.getString("status")).isEqualTo("DOWN");
            assertThat(ready.getList("checks.findAll { it.status == 'DOWN' }.name"))
                    .singleElement()
                    .asString()
                    .containsIgnoringCase("redis");
            // the denylist and history checks stay up: what fails is named once
            assertThat(check(ready, "revocation-denylist").getString("data.answers"))
                    .isEqualTo("redis");
            assertThat(check(ready, "history").getString("status")).isEqualTo("UP");
        });

        redisLink.open();
        await().atMost(Duration.ofSeconds(60))
                .until(() -> registry.given().get("/q/health/ready").statusCode() == 200);
    }

    @Test
    void aRestartedInstanceStoresAtOnceTheHistoryItHadReadButNotStored() throws Exception {
        String consumer = InetAddress.getLocalHost().getHostName() + ":" + port;
        await().atMost(Duration.ofSeconds(30))
                .until(() -> consumer.equals(history().getString("data.consumer")));
        String uid = "u-" + UUID.randomUUID();

        postgres.cut();
        for (int i = 0; i < 4; i++) {
            open(uid);
        }
        // it read some, could not store them, and retries those before it reads more
        await().atMost(Duration.ofSeconds(30)).until(() -> pendingFor(consumer, uid) > 0);
        registry.terminate();
        assertThat(registry.awaitExit(Duration.ofSeconds(30))).isNotNegative();

        postgres.open();
        registry = RegistryProcess.startOnPort("registry-outage-restarted", port, environment)
                .awaitReady();

        // nobody else may claim them for ten minutes: only the instance that read them takes them back
        await().atMost(Duration.ofSeconds(60)).until(() -> count(uid, "SIGNED_IN") == 4);
        await().atMost(Duration.ofSeconds(30)).until(() -> pendingFor(consumer, uid) == 0);
    }

    private static JsonPath ready(int status) {
        io.restassured.response.Response response = registry.given().get("/q/health/ready");
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(status);
        return response.jsonPath();
    }

    private static JsonPath history() {
        return check(registry.given().get("/q/health/ready").jsonPath(), "history");
    }

    /** One check of a health answer, as its own document. */
    private static JsonPath check(JsonPath ready, String name) {
        Map<String, Object> check = ready.getMap("checks.find { it.name == '" + name + "' }");
        assertThat(check).as("check %s in %s", name, ready.prettify()).isNotNull();
        return JsonPath.from(JsonOutput.toJson(check));
    }

    private static void open(String uid) {
        open(registry, uid);
    }

    /** Opens a session through {@code instance}; answers its id. */
    private static String open(RegistryProcess instance, String uid) {
        Instant max = Instant.now().plus(30, ChronoUnit.DAYS);
        return instance.given()
                .header("Authorization", "Bearer " + TOKEN)
                .contentType(ContentType.JSON)
                .body(Map.of(
                        "userId",
                        uid,
                        "userAgent",
                        UserAgents.FIREFOX_LINUX,
                        "ipAddress",
                        "81.2.69.142",
                        "rememberMe",
                        false,
                        "expiresAt",
                        max.toString(),
                        "maxExpiresAt",
                        max.toString()))
                .post("/internal/sessions")
                .then()
                .statusCode(201)
                .extract()
                .path("sessionId");
    }

    /** Entries of the user's outbox stream (their bucket's) delivered to {@code consumer} and not acknowledged. */
    private static int pendingFor(String consumer, String uid) throws Exception {
        Response entries = redis.send(Request.cmd(Command.XPENDING)
                        .arg(new RedisKeys("").outbox(RedisKeys.bucketOfUser(uid)))
                        .arg(RedisKeys.OUTBOX_GROUP)
                        .arg("-")
                        .arg("+")
                        .arg(1000)
                        .arg(consumer))
                .toCompletionStage()
                .toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
        return entries == null ? 0 : entries.size();
    }

    private static int count(String uid, String type) throws SQLException {
        if (database == null) {
            database = DriverManager.getConnection(
                    env("QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://127.0.0.1:5432/sessions_test"),
                    env("QUARKUS_DATASOURCE_USERNAME", "sessions"),
                    env("QUARKUS_DATASOURCE_PASSWORD", "sessions"));
        }
        try (PreparedStatement query = database.prepareStatement(
                "SELECT count(*) FROM registry.history_event WHERE user_id = ? AND type = ?")) {
            query.setString(1, uid);
            query.setString(2, type);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
