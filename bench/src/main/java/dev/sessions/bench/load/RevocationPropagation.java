package dev.sessions.bench.load;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

/**
 * Revocation seen by another instance: for each session, confirm instance B accepts its token, revoke it on
 * instance A (the user's own DELETE /sessions/{sid}), and meanwhile ask B's /check back to back until it refuses.
 * The figure is the time from sending the revocation to B's first refusal. A 204 from B to a check sent after A's
 * answer arrived would break the contract ("refused on every instance from the moment the call returns"): those are
 * counted as stale.
 *
 * <p>With {@code check-path=/api/whoami} and {@code b} a gateway whose check upstream is registry B, the same through
 * the gateway (issue 16's revocation visibility): B's refusal is then the gateway's 401; {@code name} names the lines.
 */
final class RevocationPropagation {

    private static final long GIVE_UP_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final WebClient revoker;
    private final WebClient checker;
    private final String a;
    private final String b;
    private final String checkPath;
    private final String name;
    private final List<String[]> sessions;
    private final Latencies propagation = new Latencies();
    private final Latencies revokeCall = new Latencies();
    private final Latencies afterReturn = new Latencies();
    private long stale;
    private long skipped;

    RevocationPropagation(Vertx vertx, Options options) throws Exception {
        this.revoker = WebClient.create(
                vertx, new WebClientOptions().setKeepAlive(true).setMaxPoolSize(1));
        this.checker = WebClient.create(
                vertx, new WebClientOptions().setKeepAlive(true).setMaxPoolSize(1));
        this.a = options.get("a");
        this.b = options.get("b");
        this.checkPath = options.get("check-path", "/check");
        this.name = options.get("name", "propagation");
        int count = options.getInt("count", 1000);
        this.sessions = Files.readAllLines(Path.of(options.get("tokens"))).stream()
                .filter(line -> !line.isBlank())
                .map(line -> line.split(" "))
                .limit(count)
                .collect(Collectors.toList());
    }

    void run() throws Exception {
        long start = System.nanoTime();
        for (String[] session : sessions) {
            one(session[0], session[1])
                    .toCompletionStage()
                    .toCompletableFuture()
                    .get(30, TimeUnit.SECONDS);
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        System.out.println(propagation.summary(name, elapsed) + " stale=" + stale + " skipped=" + skipped);
        System.out.println(afterReturn.summary(name + "_after_return", elapsed));
        System.out.println(
                revokeCall.summary("propagation".equals(name) ? "revoke_call" : name + "_revoke_call", elapsed));
        revoker.close();
        checker.close();
    }

    private io.vertx.core.Future<Void> one(String token, String sid) {
        Promise<Void> finished = Promise.promise();
        checker.getAbs(b + checkPath).bearerTokenAuthentication(token).send().onComplete(warm -> {
            if (warm.failed() || !allowed(warm.result().statusCode())) {
                skipped++;
                Failures.print("propagation warm-up", warm.succeeded() ? warm.result() : null, warm.cause());
                finished.complete();
                return;
            }
            Round round = new Round(token);
            revoker.deleteAbs(a + "/sessions/" + sid)
                    .bearerTokenAuthentication(token)
                    .send()
                    .onComplete(ar -> {
                        round.returnedAt = System.nanoTime();
                        if (ar.succeeded() && ar.result().statusCode() == 204) {
                            revokeCall.record(round.returnedAt - round.sentAt);
                        } else {
                            revokeCall.error();
                            Failures.print("propagation revoke", ar.succeeded() ? ar.result() : null, ar.cause());
                        }
                        round.finishIfDone(finished);
                    });
            poll(round, finished);
        });
        return finished.future();
    }

    private void poll(Round round, Promise<Void> finished) {
        long sent = System.nanoTime();
        checker.getAbs(b + checkPath)
                .bearerTokenAuthentication(round.token)
                .send()
                .onComplete(ar -> {
                    long now = System.nanoTime();
                    int status = ar.succeeded() ? ar.result().statusCode() : -1;
                    if (status == 401) {
                        round.refusedAt = now;
                        round.finishIfDone(finished);
                    } else if (allowed(status) && now - round.sentAt < GIVE_UP_NANOS) {
                        if (round.returnedAt != 0 && sent > round.returnedAt) {
                            stale++;
                        }
                        poll(round, finished);
                    } else {
                        round.failed = true;
                        round.refusedAt = now;
                        Failures.print("propagation poll", ar.succeeded() ? ar.result() : null, ar.cause());
                        round.finishIfDone(finished);
                    }
                });
    }

    /** The check's 204, or the protected route's 200 behind the gateway. */
    private static boolean allowed(int status) {
        return status == 204 || status == 200;
    }

    /** One revocation: when it was sent, when A answered, when B first refused. */
    private final class Round {
        final String token;
        final long sentAt = System.nanoTime();
        long returnedAt;
        long refusedAt;
        boolean failed;

        Round(String token) {
            this.token = token;
        }

        void finishIfDone(Promise<Void> finished) {
            if (returnedAt == 0 || refusedAt == 0) {
                return;
            }
            if (failed) {
                propagation.error();
            } else {
                propagation.record(refusedAt - sentAt);
                afterReturn.record(Math.max(0, refusedAt - returnedAt));
            }
            finished.complete();
        }
    }
}
