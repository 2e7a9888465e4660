package dev.sessions.registry.session;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.http.ContentType;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import dev.sessions.registry.support.JwksServer;
import dev.sessions.registry.support.RegistryProcess;
import dev.sessions.registry.support.Tokens;
import dev.sessions.testing.UserAgents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Many users' requests at the same moment, first on a freshly started registry and then warm: every answer must belong
 * to the token that asked (its user, its session, its device and address) and none may be a 5xx. A resource that reads
 * the caller from anything but its own request answers for the wrong user under exactly this load.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CallerIsolationIT {

    private static final String TOKEN = "it-internal-token-caller-isolation-0123456789";
    private static final int USERS = 200;
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JwksServer jwks;
    private static RegistryProcess registry;
    private static HttpClient http;
    private static ExecutorService pool;

    @BeforeAll
    static void startAFreshRegistry() {
        jwks = new JwksServer().start();
        Map<String, String> env = new HashMap<>();
        env.put("INTERNAL_API_TOKEN", TOKEN);
        env.put("REGISTRY_JWKS_URL", jwks.url());
        env.put("REGISTRY_REVOCATION_CHANNEL", "revocations-it-" + UUID.randomUUID());
        // once the last test cuts the subscription, answers keep coming from Redis for the rest of the class
        env.put("REGISTRY_REVOCATION_RESUBSCRIBE_DELAY", "10m");
        registry = RegistryProcess.start("registry-caller-isolation", env).awaitReady();
        http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
        pool = Executors.newFixedThreadPool(USERS);
    }

    /**
     * A caller's retry (the admin history is polled) can hide a 500 from the answers: the registry's own log must show
     * none, nor the request context missing after the identity was resolved on another connection's context.
     */
    @AfterEach
    void noAnswerWasA500() {
        assertThat(registry.log()).doesNotContain("status=500").doesNotContain("ContextNotActiveException");
    }

    @AfterAll
    static void stop() throws Exception {
        if (pool != null) {
            pool.shutdownNow();
        }
        if (registry != null) {
            registry.close();
        }
        if (jwks != null) {
            jwks.stop();
        }
    }

    /** One user with two sessions, each opened from its own address and browser, so that answers can be told apart. */
    record Person(String userId, String current, String other, String ip, String token) {}

    @Test
    @Order(1)
    void firstRequestsOfAFreshRegistryAnswerEachCallerForItself() throws Exception {
        List<Person> people = people("cold");
        everyoneAtOnce(i -> () -> currentSession(people.get(i)));
        everyoneAtOnce(i -> () -> ownList(people.get(i)));
        everyoneAtOnce(i -> () -> ownHistory(people.get(i)));
        everyoneAtOnce(i -> () -> signOutOthers(people.get(i)));
    }

    @Test
    @Order(2)
    void adminsActingAtOnceAreEachRecordedAsThemselves() throws Exception {
        List<Person> admins = people("admin");
        List<Person> targets = people("target");
        everyoneAtOnce(i -> () -> adminListsSessions(admins.get(i), targets.get(i)));
        everyoneAtOnce(i -> () -> adminRevokesOne(admins.get(i), targets.get(i)));
        everyoneAtOnce(i -> () -> adminLogsOut(admins.get(i), targets.get(i)));
        everyoneAtOnce(i -> () -> adminReadsHistory(admins.get(i), targets.get(i)));
    }

    @Test
    @Order(3)
    void warmRegistryAnswersEachCallerForItselfToo() throws Exception {
        for (int round = 0; round < 2; round++) {
            List<Person> people = people("warm" + round);
            everyoneAtOnce(i -> () -> {
                currentSession(people.get(i));
                ownList(people.get(i));
                ownHistory(people.get(i));
                signOutOthers(people.get(i));
                return null;
            });
        }
    }

    /** Without the near-cache every check waits for Redis, so each request's caller is resolved on another thread. */
    @Test
    @Order(4)
    void answersFromRedisDirectlyBelongToTheirCallerToo() throws Exception {
        cutSubscription();
        await().atMost(Duration.ofSeconds(30)).until(() -> !registry.nearCacheLive());
        List<Person> people = people("direct");
        everyoneAtOnce(i -> () -> {
            currentSession(people.get(i));
            ownList(people.get(i));
            signOutOthers(people.get(i));
            return null;
        });
    }

    private static void cutSubscription() {
        Vertx vertx = Vertx.vertx();
        try {
            Redis redis = Redis.createClient(
                    vertx, System.getenv().getOrDefault("QUARKUS_REDIS_HOSTS", "redis://127.0.0.1:6379"));
            String clients = join(redis.send(
                            Request.cmd(Command.CLIENT).arg("LIST").arg("TYPE").arg("pubsub")))
                    .toString();
            String wanted = "name=registry-revocations-" + registry.port() + " ";
            String id = clients.lines()
                    .filter(line -> line.contains(wanted))
                    .map(line -> line.substring(line.indexOf("id=") + 3, line.indexOf(' ', line.indexOf("id="))))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no subscriber connection named " + wanted));
            join(redis.send(Request.cmd(Command.CLIENT).arg("KILL").arg("ID").arg(id)));
        } finally {
            vertx.close();
        }
    }

    private static <T> T join(io.vertx.core.Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Void currentSession(Person p) throws Exception {
        JsonNode body = ok(get("/sessions/current", p));
        assertThat(body.path("id").asText())
                .as("current session of %s", p.userId())
                .isEqualTo(p.current());
        assertThat(body.path("ipAddress").asText()).isEqualTo(p.ip());
        assertThat(body.path("current").asBoolean()).isTrue();
        return null;
    }

    private static Void ownList(Person p) throws Exception {
        JsonNode body = ok(get("/sessions", p));
        List<String> ids = new ArrayList<>();
        body.forEach(s -> {
            ids.add(s.path("id").asText());
            assertThat(s.path("ipAddress").asText())
                    .as("address in %s's list", p.userId())
                    .isEqualTo(p.ip());
            assertThat(s.path("current").asBoolean())
                    .isEqualTo(s.path("id").asText().equals(p.current()));
        });
        assertThat(ids).as("sessions listed for %s", p.userId()).containsExactly(p.current(), p.other());
        return null;
    }

    private static Void ownHistory(Person p) throws Exception {
        JsonNode events = ok(get("/sessions/history?limit=100", p)).path("events");
        for (JsonNode event : events) {
            assertThat(event.path("sessionId").asText())
                    .as("history of %s", p.userId())
                    .isIn(p.current(), p.other());
            assertThat(event.path("ipAddress").asText()).isEqualTo(p.ip());
        }
        return null;
    }

    private static Void signOutOthers(Person p) throws Exception {
        HttpResponse<String> answer =
                send(request("/sessions?scope=others", p.token()).DELETE());
        assertThat(ok(answer).path("revoked").asInt())
                .as("sessions revoked for %s", p.userId())
                .isEqualTo(1);
        List<String> left = new ArrayList<>();
        ok(get("/sessions", p)).forEach(s -> left.add(s.path("id").asText()));
        assertThat(left).containsExactly(p.current());
        return null;
    }

    private static Void adminListsSessions(Person admin, Person target) throws Exception {
        JsonNode body = ok(send(request("/admin/users/" + target.userId() + "/sessions", admin.token())
                .GET()));
        List<String> ids = new ArrayList<>();
        body.forEach(s -> {
            ids.add(s.path("id").asText());
            assertThat(s.path("ipAddress").asText()).isEqualTo(target.ip());
        });
        assertThat(ids).containsExactlyInAnyOrder(target.current(), target.other());
        return null;
    }

    private static Void adminRevokesOne(Person admin, Person target) throws Exception {
        HttpResponse<String> answer =
                send(request("/admin/sessions/" + target.other(), admin.token()).DELETE());
        assertThat(answer.statusCode())
                .as("admin %s revoking %s: %s", admin.userId(), target.other(), answer.body())
                .isEqualTo(204);
        return null;
    }

    private static Void adminLogsOut(Person admin, Person target) throws Exception {
        HttpResponse<String> answer = send(request("/admin/users/" + target.userId() + "/logout", admin.token())
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(ok(answer).path("revoked").asInt()).isEqualTo(1);
        return null;
    }

    /** The two revocations above name the admin who made them, and only events of the target are shown. */
    private static Void adminReadsHistory(Person admin, Person target) {
        // history reaches PostgreSQL through the outbox: poll until both admin events are there
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> {
                    JsonNode events = ok(send(
                                    request("/admin/users/" + target.userId() + "/history?limit=100", admin.token())
                                            .GET()))
                            .path("events");
                    Set<String> seen = new java.util.HashSet<>();
                    for (JsonNode event : events) {
                        assertThat(event.path("sessionId").asText()).isIn(target.current(), target.other());
                        if ("REVOKED".equals(event.path("type").asText())) {
                            assertThat(event.path("actor").path("type").asText())
                                    .isEqualTo("ADMIN");
                            assertThat(event.path("actor").path("id").asText())
                                    .as("actor of %s", event)
                                    .isEqualTo(admin.userId());
                            seen.add(event.path("reason").asText());
                        }
                    }
                    assertThat(seen)
                            .as("admin events of %s", target.userId())
                            .contains("ADMIN_REVOKED", "ADMIN_LOGOUT");
                });
        return null;
    }

    /** Runs one task per user, all released at the same moment, and fails with the first failure. */
    private static void everyoneAtOnce(IntFunction<Callable<Void>> tasks) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Void>> results = new ArrayList<>();
        for (int i = 0; i < USERS; i++) {
            Callable<Void> task = tasks.apply(i);
            results.add(pool.submit(() -> {
                start.await();
                return task.call();
            }));
        }
        start.countDown();
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        for (Future<Void> result : results) {
            try {
                result.get(120, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException e) {
                failures.add(e.getCause());
            }
        }
        if (!failures.isEmpty()) {
            Map<String, Integer> kinds = new java.util.TreeMap<>();
            failures.forEach(f -> kinds.merge(
                    String.valueOf(f.getMessage())
                            .replaceAll("[0-9a-f]{8}-[0-9a-f-]{27}", "<id>")
                            .lines()
                            .findFirst()
                            .orElse(""),
                    1,
                    Integer::sum));
            throw new AssertionError(
                    failures.size() + " of " + USERS + " callers got a wrong answer: " + kinds, failures.peek());
        }
    }

    private static List<Person> people(String kind) throws Exception {
        List<Future<Person>> opened = new ArrayList<>();
        for (int i = 0; i < USERS; i++) {
            String uid = kind + "-" + UUID.randomUUID();
            String ip = "81.2." + (i / 250) + "." + (i % 250 + 1);
            opened.add(pool.submit(() -> {
                String older = open(uid, ip);
                String current = open(uid, ip);
                String token = kind.equals("admin") ? Tokens.admin(uid, current) : Tokens.user(uid, current);
                return new Person(uid, current, older, ip, token);
            }));
        }
        List<Person> people = new ArrayList<>();
        for (Future<Person> person : opened) {
            people.add(person.get(120, TimeUnit.SECONDS));
        }
        return people;
    }

    private static String open(String uid, String ip) {
        Instant max = Instant.now().plus(30, ChronoUnit.DAYS);
        return registry.given()
                .header("Authorization", "Bearer " + TOKEN)
                .contentType(ContentType.JSON)
                .body(Map.of(
                        "userId",
                        uid,
                        "userAgent",
                        UserAgents.FIREFOX_LINUX,
                        "ipAddress",
                        ip,
                        "rememberMe",
                        true,
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

    private static HttpResponse<String> get(String path, Person p) throws IOException, InterruptedException {
        return send(request(path, p.token()).GET());
    }

    private static HttpRequest.Builder request(String path, String token) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + registry.port() + path))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode ok(HttpResponse<String> answer) throws IOException {
        assertThat(answer.statusCode())
                .as(
                        "%s %s answered %s",
                        answer.request().method(), answer.request().uri(), answer.body())
                .isEqualTo(200);
        return JSON.readTree(answer.body());
    }
}
