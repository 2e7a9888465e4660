package dev.sessions.bench.load;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;

/**
 * Opens sessions through the registry's internal endpoint, the path auth-service takes at sign-in, so the Redis
 * state (session hash, user index, expiry index, outbox entry) is exactly what production writes. User agents and
 * addresses vary over a realistic set so device parsing and location lookup run too. With {@code key=} it also
 * signs an access token for every session it opened and writes them ("token sid uid" per line) to {@code tokens=}.
 */
final class SessionSeeder {

    private static final String[] USER_AGENTS = {
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Safari/605.1.15",
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1",
        "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36",
        "Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 Edg/120.0.2210.61",
        "Mozilla/5.0 (iPad; CPU OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1",
        "Mozilla/5.0 (Linux; Android 13; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/23.0 Chrome/115.0.0.0 Mobile Safari/537.36",
    };
    private static final String[] ADDRESSES = {
        "81.2.69.142", "89.160.20.112", "8.8.8.8", "2.125.160.216", "216.160.83.56", "1.1.1.1", "10.0.0.7",
    };

    private final WebClient client;
    private final String url;
    private final String internalToken;
    private final String[] userIds;
    private final int perUser;
    private final int concurrency;
    private final Latencies latencies = new Latencies();
    private final AtomicInteger next = new AtomicInteger();
    private final TokenMinter minter;
    private final Path tokensOut;
    private final ConcurrentLinkedQueue<String> tokens = new ConcurrentLinkedQueue<>();

    SessionSeeder(WebClient client, Options options) throws Exception {
        this.client = client;
        this.url = options.get("url") + "/internal/sessions";
        this.internalToken = options.get("token");
        this.perUser = options.getInt("per-user", 1);
        this.concurrency = options.getInt("concurrency", 32);
        String key = options.get("key", "");
        this.minter = key.isEmpty()
                ? null
                : new TokenMinter(
                        Path.of(key),
                        options.get("kid"),
                        options.get("issuer", "session-backend"),
                        options.getInt("token-ttl", 3600));
        this.tokensOut = Path.of(options.get("tokens", "/dev/null"));
        String fixed = options.get("uid", "");
        if (!fixed.isEmpty()) {
            this.userIds = new String[] {fixed};
        } else {
            String prefix = options.get("prefix", "bench");
            this.userIds = new String[options.getInt("users", 1)];
            for (int i = 0; i < userIds.length; i++) {
                userIds[i] = UUID.nameUUIDFromBytes((prefix + ":" + i).getBytes(StandardCharsets.UTF_8))
                        .toString();
            }
        }
    }

    void run() throws Exception {
        int total = userIds.length * perUser;
        CountDownLatch done = new CountDownLatch(concurrency);
        Instant expires = Instant.now().plus(Duration.ofHours(6));
        long start = System.nanoTime();
        for (int i = 0; i < concurrency; i++) {
            open(total, expires, done);
        }
        done.await(600, TimeUnit.SECONDS);
        if (minter != null) {
            try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(tokensOut))) {
                tokens.forEach(out::println);
            }
        }
        System.out.println(latencies.summary("seed", (System.nanoTime() - start) / 1e9) + " users=" + userIds.length);
    }

    private void open(int total, Instant expires, CountDownLatch done) {
        int i = next.getAndIncrement();
        if (i >= total) {
            done.countDown();
            return;
        }
        String userId = userIds[i % userIds.length];
        JsonObject body = new JsonObject()
                .put("userId", userId)
                .put("userAgent", USER_AGENTS[i % USER_AGENTS.length])
                .put("ipAddress", ADDRESSES[(i / USER_AGENTS.length) % ADDRESSES.length])
                .put("rememberMe", i % 2 == 0)
                .put("expiresAt", expires.toString())
                .put("maxExpiresAt", expires.toString());
        long t0 = System.nanoTime();
        client.postAbs(url)
                .bearerTokenAuthentication(internalToken)
                .sendJsonObject(body)
                .onComplete(ar -> {
                    if (ar.succeeded() && ar.result().statusCode() == 201) {
                        latencies.record(System.nanoTime() - t0);
                        if (minter != null) {
                            String sid = ar.result().bodyAsJsonObject().getString("sessionId");
                            tokens.add(minter.mint(userId, sid) + " " + sid + " " + userId);
                        }
                    } else {
                        latencies.error();
                        Failures.print("seed", ar.succeeded() ? ar.result() : null, ar.cause());
                    }
                    open(total, expires, done);
                });
    }
}
