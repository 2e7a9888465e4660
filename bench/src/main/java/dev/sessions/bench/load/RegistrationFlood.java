package dev.sessions.bench.load;

import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;

/**
 * Registrations at a fixed rate from one client address, each with a fresh email: what an abuser does to make the
 * password hasher work for them. Runs beside a sign-in workload, which measures what a legitimate user then waits;
 * prints how the registrations were answered.
 */
final class RegistrationFlood {

    private final Vertx vertx;
    private final WebClient client;
    private final String url;
    private final int rate;
    private final double seconds;
    private final Map<Integer, Integer> answers = new TreeMap<>();
    private int sent;

    RegistrationFlood(Vertx vertx, WebClient client, Options options) {
        this.vertx = vertx;
        this.client = client;
        this.url = options.get("url") + "/auth/register";
        this.rate = options.getInt("rate", 60);
        this.seconds = options.getDouble("seconds", 20);
    }

    void run() throws InterruptedException {
        long total = Math.round(rate * seconds);
        CountDownLatch done = new CountDownLatch((int) total);
        long period = Math.max(1, 1000 / rate);
        vertx.setPeriodic(period, timer -> {
            if (sent >= total) {
                vertx.cancelTimer(timer);
                return;
            }
            sent++;
            JsonObject body = new JsonObject()
                    .put("email", "flood-" + UUID.randomUUID() + "@bench.example")
                    .put("password", "flood password " + sent)
                    .put("displayName", "Flood");
            client.postAbs(url).sendJsonObject(body).onComplete(ar -> {
                synchronized (answers) {
                    answers.merge(ar.succeeded() ? ar.result().statusCode() : 0, 1, Integer::sum);
                }
                done.countDown();
            });
        });
        done.await((long) seconds + 120, TimeUnit.SECONDS);
        StringBuilder line = new StringBuilder("RESULT name=register_flood sent=" + sent + " rate=" + rate);
        synchronized (answers) {
            answers.forEach((status, count) ->
                    line.append(" status_").append(status).append('=').append(count));
        }
        System.out.println(line);
    }
}
