package dev.sessions.bench.load;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.vertx.ext.web.client.WebClient;

/**
 * Presents every token once to an instance's /check before a measured step, so the step measures the steady state
 * (each token verified once per instance and then remembered, as in production) rather than the first sight of 2,000
 * tokens; the cost of a first sight is measured on its own by CheckDecisionBenchmark.uncachedToken.
 */
final class Warmer {

    private final WebClient client;
    private final String url;
    private final List<String> tokens;
    private final int concurrency;
    private final Latencies latencies = new Latencies();
    private final AtomicInteger next = new AtomicInteger();

    Warmer(WebClient client, Options options) throws Exception {
        this.client = client;
        this.url = options.get("url") + "/check";
        this.tokens = Files.readAllLines(Path.of(options.get("tokens"))).stream()
                .filter(line -> !line.isBlank())
                .map(line -> line.split(" ")[0])
                .toList();
        this.concurrency = options.getInt("concurrency", 4);
    }

    void run() throws Exception {
        CountDownLatch done = new CountDownLatch(concurrency);
        long start = System.nanoTime();
        for (int i = 0; i < concurrency; i++) {
            check(done);
        }
        done.await(300, TimeUnit.SECONDS);
        System.out.println(latencies.summary("warm", (System.nanoTime() - start) / 1e9));
    }

    private void check(CountDownLatch done) {
        int i = next.getAndIncrement();
        if (i >= tokens.size()) {
            done.countDown();
            return;
        }
        long t0 = System.nanoTime();
        client.getAbs(url).bearerTokenAuthentication(tokens.get(i)).send().onComplete(ar -> {
            if (ar.succeeded() && ar.result().statusCode() == 204) {
                latencies.record(System.nanoTime() - t0);
            } else {
                latencies.error();
                Failures.print("warm", ar.succeeded() ? ar.result() : null, ar.cause());
            }
            check(done);
        });
    }
}
