package dev.sessions.e2e.chaos;

import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;

import dev.sessions.e2e.E2eEnvironment;
import dev.sessions.e2e.GatewayClient;
import dev.sessions.e2e.GatewayClient.Answer;
import dev.sessions.e2e.GatewayClient.SignedIn;

/**
 * Load through the gateway while a fault happens, and what it must never see. Each worker signs a user in, uses the
 * new session ({@code /api/whoami}), revokes it from the user's other session ({@code DELETE /sessions/{id}}) and, the
 * moment the revocation answered, asks the gateway and every registry instance directly ({@code /check}) whether the
 * session is still accepted; a checker keeps asking about sessions revoked earlier. Every answer is counted by
 * status and time; sign-ins and revocations that answered 2xx are the history events that must reach PostgreSQL.
 */
final class ChaosLoad {

    private static final String WHOAMI = "/api/whoami";

    private final List<String> registryUrls;
    private final Set<String> excluded = ConcurrentHashMap.newKeySet();
    private final List<User> users = new ArrayList<>();
    private final SignedIn admin;
    private final long start = System.nanoTime();

    private final Map<String, AtomicInteger> statuses = new ConcurrentHashMap<>();
    private final List<String> unexpected = new CopyOnWriteArrayList<>();
    private final List<Long> serviceUnavailableAt = new CopyOnWriteArrayList<>();
    private final Map<Long, String> serviceUnavailable = new ConcurrentHashMap<>();
    private final List<String> acceptedAfterRevocation = new CopyOnWriteArrayList<>();
    private final List<Revoked> revoked = new CopyOnWriteArrayList<>();
    private final Map<String, String> signedIn = new ConcurrentHashMap<>();
    private final AtomicLong slowestRevocationNanos = new AtomicLong();
    private final AtomicInteger revocations = new AtomicInteger();
    private volatile boolean running;
    private ExecutorService pool;

    record User(String id, String email, SignedIn keeper) {}

    record Revoked(String sessionId, String bearer, long answeredAt) {}

    ChaosLoad(List<String> registryUrls, int userCount) {
        this.registryUrls = List.copyOf(registryUrls);
        this.admin = GatewayClient.signInAsAdmin();
        for (int i = 0; i < userCount; i++) {
            String email = GatewayClient.registerUser("chaos");
            SignedIn keeper = GatewayClient.signIn(email, GatewayClient.PASSWORD, false);
            users.add(new User(keeper.userId(), email, keeper));
        }
    }

    /** A registry instance is left out of the direct checks while it is stopped or dead on purpose. */
    void exclude(String registryUrl) {
        excluded.add(registryUrl);
    }

    void include(String registryUrl) {
        excluded.remove(registryUrl);
    }

    List<User> users() {
        return users;
    }

    long millisSinceStart() {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }

    void start(int workers) {
        running = true;
        pool = Executors.newFixedThreadPool(workers + 1);
        for (int i = 0; i < workers; i++) {
            pool.submit(this::work);
        }
        pool.submit(this::recheck);
    }

    void stop() throws InterruptedException {
        running = false;
        pool.shutdown();
        if (!pool.awaitTermination(60, TimeUnit.SECONDS)) {
            pool.shutdownNow();
        }
    }

    private void work() {
        while (running) {
            try {
                cycle(users.get(ThreadLocalRandom.current().nextInt(users.size())));
            } catch (RuntimeException e) {
                unexpected.add(millisSinceStart() + " ms: " + e);
            }
        }
    }

    private void cycle(User user) {
        Answer login = send(
                "POST /auth/login",
                GatewayClient.request("/auth/login")
                        .header("Content-Type", "application/json")
                        .POST(GatewayClient.json(
                                Map.of("email", user.email(), "password", GatewayClient.PASSWORD, "rememberMe", false)))
                        .build());
        if (login.status() != 200) {
            backOff(login);
            return;
        }
        String sessionId = login.json().path("sessionId").asText();
        String bearer = "Bearer " + login.json().path("accessToken").asText();
        signedIn.put(sessionId, user.id());
        send("GET " + WHOAMI, get(WHOAMI, bearer));
        long asked = System.nanoTime();
        Answer revoke = send(
                "DELETE /sessions/{id}",
                GatewayClient.request("/sessions/" + sessionId)
                        .header("Authorization", user.keeper().bearer())
                        .DELETE()
                        .build());
        if (revoke.status() / 100 != 2) {
            backOff(revoke);
            return;
        }
        long answered = System.nanoTime();
        slowestRevocationNanos.accumulateAndGet(answered - asked, Math::max);
        revocations.incrementAndGet();
        Revoked done = new Revoked(sessionId, bearer, answered);
        revoked.add(done);
        refusedEverywhere(done);
    }

    /**
     * A client told to come back later waits, as the SPA client does (Retry-After, else half a second): without it the
     * workers would retry a failing sign-in as fast as it fails and meet the gateway's flood guard (429).
     */
    private static void backOff(Answer answer) {
        long millis = 500;
        if (answer.raw() != null) {
            millis = answer.header("Retry-After")
                    .filter(value -> value.trim().matches("\\d+"))
                    .map(value -> Math.min(5_000, Long.parseLong(value.trim()) * 1_000))
                    .orElse(millis);
        }
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Keeps asking about sessions revoked earlier, on every instance. */
    private void recheck() {
        while (running) {
            if (revoked.isEmpty()) {
                pause();
                continue;
            }
            refusedEverywhere(revoked.get(ThreadLocalRandom.current().nextInt(revoked.size())));
        }
    }

    private void refusedEverywhere(Revoked session) {
        Answer gateway = send("GET " + WHOAMI + " (revoked)", get(WHOAMI, session.bearer()));
        if (gateway.status() / 100 == 2) {
            acceptedAfterRevocation.add(millisSinceStart() + " ms: gateway accepted " + session.sessionId());
        }
        for (String registry : registryUrls) {
            if (excluded.contains(registry)) {
                continue;
            }
            Answer check = send(
                    "GET /check (revoked)",
                    GatewayClient.request(registry, "/check")
                            .header("Authorization", session.bearer())
                            .header("X-Original-URI", WHOAMI)
                            .header("X-Original-Method", "GET")
                            .timeout(Duration.ofSeconds(10))
                            .GET()
                            .build());
            if (check.status() / 100 == 2 && !excluded.contains(registry)) {
                acceptedAfterRevocation.add(
                        millisSinceStart() + " ms: " + registry + " accepted " + session.sessionId());
            }
        }
    }

    private static HttpRequest get(String path, String bearer) {
        return GatewayClient.request(path).header("Authorization", bearer).GET().build();
    }

    /** Sends and counts; a 401 is an expected answer (a revoked session), a 503 an outage, anything else unexpected. */
    private Answer send(String what, HttpRequest request) {
        Answer answer;
        try {
            answer = GatewayClient.send(request);
        } catch (UncheckedIOException e) {
            statuses.computeIfAbsent("no answer", k -> new AtomicInteger()).incrementAndGet();
            unexpected.add(millisSinceStart() + " ms: " + what + " no answer (" + e.getCause() + ")");
            return new Answer(-1, null);
        }
        int status = answer.status();
        statuses.computeIfAbsent(Integer.toString(status), k -> new AtomicInteger())
                .incrementAndGet();
        if (status == 503) {
            long at = millisSinceStart();
            serviceUnavailableAt.add(at);
            serviceUnavailable.put(at, what + " " + answer.body());
        } else if (status / 100 != 2 && status != 401) {
            unexpected.add(millisSinceStart() + " ms: " + what + " " + status + " " + answer.body());
        }
        return answer;
    }

    /** Counts by status, sorted. */
    Map<String, Integer> statuses() {
        Map<String, Integer> sorted = new TreeMap<>();
        statuses.forEach((status, count) -> sorted.put(status, count.get()));
        return sorted;
    }

    List<String> unexpected() {
        return unexpected;
    }

    List<String> acceptedAfterRevocation() {
        return acceptedAfterRevocation;
    }

    /** When 503s came, in ms since the start. */
    List<Long> serviceUnavailableAt() {
        return serviceUnavailableAt;
    }

    /** What answered 503 outside a window (ms since the start), for the failure message. */
    List<String> serviceUnavailableOutside(long from, long to) {
        return serviceUnavailable.entrySet().stream()
                .filter(e -> e.getKey() < from || e.getKey() > to)
                .map(e -> e.getKey() + " ms: " + e.getValue())
                .sorted()
                .limit(10)
                .toList();
    }

    int revocations() {
        return revocations.get();
    }

    int signIns() {
        return signedIn.size();
    }

    long slowestRevocationMillis() {
        return TimeUnit.NANOSECONDS.toMillis(slowestRevocationNanos.get());
    }

    /**
     * Every answered sign-in's SIGNED_IN and every answered revocation's end event, exactly once each, as the admin
     * reads the users' history from PostgreSQL: waits up to {@code wait} for the drain, then reports what is missing
     * or doubled (empty: all there once).
     */
    History history(Duration wait) {
        Map<String, String> expected = new HashMap<>();
        signedIn.keySet().forEach(sid -> expected.put(sid + " SIGNED_IN", sid));
        revoked.forEach(r -> expected.put(r.sessionId() + " END", r.sessionId()));
        long deadline = System.nanoTime() + wait.toNanos();
        Map<String, Integer> found;
        while (true) {
            found = readHistory();
            Set<String> missing = new HashSet<>(expected.keySet());
            missing.removeAll(found.keySet());
            if (missing.isEmpty() || System.nanoTime() > deadline) {
                List<String> doubled = new ArrayList<>();
                for (String key : expected.keySet()) {
                    if (found.getOrDefault(key, 0) > 1) {
                        doubled.add(key + " x" + found.get(key));
                    }
                }
                return new History(expected.size(), expected.size() - missing.size(), List.copyOf(missing), doubled);
            }
            pause();
        }
    }

    record History(int expected, int found, List<String> missing, List<String> doubled) {}

    private Map<String, Integer> readHistory() {
        Map<String, Integer> counts = new HashMap<>();
        for (User user : users) {
            String before = null;
            do {
                String path = "/admin/users/" + user.id() + "/history?limit=100"
                        + (before == null ? "" : "&before=" + before);
                Answer page = GatewayClient.send(GatewayClient.request(path)
                        .header("Authorization", admin.bearer())
                        .GET()
                        .build());
                if (page.status() != 200) {
                    return counts;
                }
                JsonNode body = page.json();
                for (JsonNode event : body.path("events")) {
                    String type = event.path("type").asText();
                    String kind = "SIGNED_IN".equals(type) ? "SIGNED_IN" : isEnd(type) ? "END" : null;
                    if (kind != null) {
                        counts.merge(event.path("sessionId").asText() + " " + kind, 1, Integer::sum);
                    }
                }
                before = body.path("next").isNull() || body.path("next").isMissingNode()
                        ? null
                        : body.path("next").asText();
            } while (before != null);
        }
        return counts;
    }

    private static boolean isEnd(String type) {
        return "REVOKED".equals(type) || "SIGNED_OUT".equals(type) || "EXPIRED".equals(type);
    }

    private static void pause() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The admin's bearer header, for calls the scenarios make themselves. */
    String adminBearer() {
        return admin.bearer();
    }

    static String registryUrl(int index) {
        return E2eEnvironment.required("E2E_CHAOS_REGISTRY_URLS").split(",")[index];
    }
}
