package dev.sessions.bench.load;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;

/**
 * Refresh with rotation: every virtual user signs in once, then refreshes back to back, each time with the cookie
 * the previous answer set, as one browser tab would. A broken chain (any answer but 200 with a new cookie) is an
 * error, and that user signs in again outside the measured figures.
 */
final class RefreshLoad {

    private final Vertx vertx;
    private final WebClient client;
    private final String base;
    private final Accounts accounts;
    private final int users;
    private final double seconds;
    private final double warmup;
    private final Latencies latencies = new Latencies();
    private volatile boolean measuring;
    private long deadline;

    RefreshLoad(Vertx vertx, WebClient client, Options options) throws IOException {
        this.vertx = vertx;
        this.client = client;
        this.base = options.get("url");
        this.accounts = Accounts.read(Path.of(options.get("accounts")));
        this.users = options.getInt("users", 64);
        this.seconds = options.getDouble("seconds", 20);
        this.warmup = options.getDouble("warmup", 3);
    }

    void run() throws Exception {
        CountDownLatch signedIn = new CountDownLatch(users);
        String[] cookies = new String[users];
        for (int u = 0; u < users; u++) {
            int user = u;
            signIn(user, cookie -> {
                cookies[user] = cookie;
                signedIn.countDown();
            });
        }
        if (!signedIn.await(120, TimeUnit.SECONDS)) {
            throw new IllegalStateException("virtual users could not sign in");
        }
        CountDownLatch done = new CountDownLatch(users);
        long warmupEnd = System.nanoTime() + (long) (warmup * 1e9);
        deadline = warmupEnd + (long) (seconds * 1e9);
        for (int u = 0; u < users; u++) {
            refresh(u, cookies[u], done);
        }
        Thread.sleep((long) (warmup * 1000));
        measuring = true;
        long start = System.nanoTime();
        done.await((long) (seconds + 60), TimeUnit.SECONDS);
        double elapsed = Math.min((System.nanoTime() - start) / 1e9, seconds);
        System.out.println(latencies.summary("refresh", elapsed) + " users=" + users);
    }

    private void refresh(int user, String cookie, CountDownLatch done) {
        if (System.nanoTime() >= deadline) {
            done.countDown();
            return;
        }
        boolean counted = measuring;
        long t0 = System.nanoTime();
        client.postAbs(base + "/auth/refresh")
                .putHeader("Cookie", Cookies.REFRESH + "=" + cookie)
                // an empty body with Content-Length: 0, as browsers send it (not chunked)
                .sendBuffer(Buffer.buffer())
                .onComplete(ar -> {
                    long took = System.nanoTime() - t0;
                    String successor = ar.succeeded() && ar.result().statusCode() == 200
                            ? Cookies.refreshToken(ar.result().cookies())
                            : null;
                    if (successor != null) {
                        if (counted) {
                            latencies.record(took);
                        }
                        refresh(user, successor, done);
                    } else {
                        if (counted) {
                            latencies.error();
                        }
                        Failures.print("refresh", ar.succeeded() ? ar.result() : null, ar.cause());
                        signIn(user, fresh -> refresh(user, fresh, done));
                    }
                });
    }

    private void signIn(int user, Consumer<String> then) {
        JsonObject body = new JsonObject()
                .put("email", accounts.email(user))
                .put("password", accounts.password(user))
                .put("rememberMe", false);
        client.postAbs(base + "/auth/login").sendJsonObject(body).onComplete(ar -> {
            String cookie = ar.succeeded() && ar.result().statusCode() == 200
                    ? Cookies.refreshToken(ar.result().cookies())
                    : null;
            if (cookie == null) {
                Failures.print("refresh sign-in", ar.succeeded() ? ar.result() : null, ar.cause());
                vertx.setTimer(200, ignored -> signIn(user, then));
                return;
            }
            then.accept(cookie);
        });
    }
}
