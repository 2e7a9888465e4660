package dev.sessions.bench.load;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;

/**
 * Signs in as fast as the service allows for a fixed time with a fixed number of concurrent clients; keeps every
 * access token it gets (token, session id, user id per line) so later workloads have real sessions to use.
 */
final class SignInLoad {

    private final WebClient client;
    private final String url;
    private final Accounts accounts;
    private final int concurrency;
    private final double seconds;
    private final int max;
    private final Path tokensOut;
    private final String name;
    private final Latencies latencies = new Latencies();
    private final ConcurrentLinkedQueue<String> tokens = new ConcurrentLinkedQueue<>();
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicInteger started = new AtomicInteger();
    private long deadline;

    SignInLoad(WebClient client, Options options) throws IOException {
        this.client = client;
        this.url = options.get("url") + "/auth/login";
        this.accounts = Accounts.read(Path.of(options.get("accounts")));
        this.concurrency = options.getInt("concurrency", 4);
        this.seconds = options.getDouble("seconds", 20);
        this.max = options.getInt("max", Integer.MAX_VALUE);
        this.tokensOut = Path.of(options.get("tokens", "/dev/null"));
        this.name = options.get("name", "signin");
    }

    void run() throws Exception {
        CountDownLatch done = new CountDownLatch(concurrency);
        long start = System.nanoTime();
        deadline = start + (long) (seconds * 1e9);
        for (int i = 0; i < concurrency; i++) {
            signIn(done);
        }
        done.await((long) seconds + 120, TimeUnit.SECONDS);
        double elapsed = (System.nanoTime() - start) / 1e9;
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(tokensOut))) {
            tokens.forEach(out::println);
        }
        System.out.println(latencies.summary(name, elapsed) + " concurrency=" + concurrency);
    }

    private void signIn(CountDownLatch done) {
        if (System.nanoTime() >= deadline || started.incrementAndGet() > max) {
            done.countDown();
            return;
        }
        int i = next.getAndIncrement();
        JsonObject body = new JsonObject()
                .put("email", accounts.email(i))
                .put("password", accounts.password(i))
                .put("rememberMe", false);
        long t0 = System.nanoTime();
        client.postAbs(url).sendJsonObject(body).onComplete(ar -> {
            long took = System.nanoTime() - t0;
            if (ar.succeeded() && ar.result().statusCode() == 200) {
                latencies.record(took);
                keep(ar.result());
            } else {
                latencies.error();
                Failures.print("signin", ar.succeeded() ? ar.result() : null, ar.cause());
            }
            signIn(done);
        });
    }

    private void keep(HttpResponse<Buffer> response) {
        JsonObject json = response.bodyAsJsonObject();
        tokens.add(json.getString("accessToken") + " " + json.getString("sessionId") + " "
                + json.getJsonObject("user").getString("id"));
    }
}
