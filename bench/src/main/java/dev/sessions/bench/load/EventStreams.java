package dev.sessions.bench.load;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

/**
 * The live event streams ({@code GET /sessions/events}) of one registry instance:
 * <ul>
 *   <li>{@code mode=latency}: for each session, open its stream, wait for the ":ready" comment, revoke the session
 *       (DELETE /sessions/{sid}), and time from the revocation's answer to the {@code session-ended} event;</li>
 *   <li>{@code mode=idle}: open one stream per session and hold them all idle; prints {@code STREAMS open=n} once they
 *       are open and keeps them until its standard input closes, while bench/run measures the registry's heap.</li>
 * </ul>
 */
final class EventStreams {

    /** How long all idle streams have to open: within bench/run's 180 s wait for the STREAMS line. */
    private static final long OPEN_WITHIN_SECONDS = 150;
    /** How many idle streams are being opened at once at most. */
    private static final int OPENING_AT_ONCE = 128;

    private final Vertx vertx;
    private final String url;
    private final List<String[]> sessions;
    private final HttpClient streams;
    private final WebClient revoker;

    EventStreams(Vertx vertx, Options options) throws Exception {
        this.vertx = vertx;
        this.url = options.get("url");
        int count = options.getInt("count", 1000);
        this.sessions = Files.readAllLines(Path.of(options.get("tokens"))).stream()
                .filter(line -> !line.isBlank())
                .map(line -> line.split(" "))
                .limit(count)
                .collect(Collectors.toList());
        this.streams = vertx.createHttpClient(
                new HttpClientOptions().setKeepAlive(false).setIdleTimeout(0),
                new PoolOptions().setHttp1MaxSize(Math.max(1, count)));
        this.revoker = WebClient.create(
                vertx, new WebClientOptions().setKeepAlive(true).setMaxPoolSize(1));
    }

    void latency() throws Exception {
        Latencies toEvent = new Latencies();
        long start = System.nanoTime();
        for (String[] session : sessions) {
            one(session[0], session[1], toEvent)
                    .toCompletionStage()
                    .toCompletableFuture()
                    .get(30, TimeUnit.SECONDS);
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        System.out.println(toEvent.summary("stream_event_after_answer", elapsed));
    }

    void idle() throws Exception {
        long started = System.nanoTime();
        List<CompletableFuture<HttpClientResponse>> open = new ArrayList<>();
        // one deadline for all of them: 60 s for each in turn let a run whose streams never open wait for hours
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(OPEN_WITHIN_SECONDS);
        // a bounded number of openings in flight, as clients arrive: 5,000 connection attempts at once overflowed the
        // server's accept backlog, and the dropped SYNs were retried after 1, 3, 7, 15, 31 s... (2026-12-07: 4,266
        // of 5,000 open after 150 s), which measured the kernel's retry timer, not the registry
        Semaphore inFlight = new Semaphore(OPENING_AT_ONCE);
        for (String[] session : sessions) {
            if (!inFlight.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                break;
            }
            Promise<Void> ready = Promise.promise();
            CompletableFuture<HttpClientResponse> one = stream(session[0], line -> {
                        if (line.contains(":ready")) {
                            ready.tryComplete();
                        }
                    })
                    .compose(response -> ready.future().map(response))
                    .toCompletionStage()
                    .toCompletableFuture();
            one.whenComplete((response, failure) -> inFlight.release());
            open.add(one);
        }
        int held = 0;
        for (CompletableFuture<HttpClientResponse> one : open) {
            try {
                one.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                held++;
            } catch (Exception e) {
                Failures.print("idle stream", null, e);
            }
        }
        System.out.println("STREAMS open=" + held + " asked=" + sessions.size() + " seconds="
                + String.format(java.util.Locale.ROOT, "%.1f", (System.nanoTime() - started) / 1e9));
        System.out.flush();
        // hold them until bench/run has measured and closes our input
        while (System.in.read() >= 0) {
            // nothing to read: the end of input is the signal
        }
        streams.close();
    }

    /**
     * One round. The event is published inside the revocation's script, so it usually arrives before the answer
     * (which waits for every instance's acknowledgement): the figure is max(0, event - answer), taken once both are in.
     */
    private Future<Void> one(String token, String sid, Latencies toEvent) {
        Promise<Void> finished = Promise.promise();
        long[] answeredAt = {0};
        long[] eventAt = {0};
        Runnable settle = () -> {
            if (answeredAt[0] != 0 && eventAt[0] != 0 && finished.tryComplete()) {
                toEvent.record(Math.max(0, eventAt[0] - answeredAt[0]));
            }
        };
        Promise<Void> ready = Promise.promise();
        stream(token, chunk -> {
                    if (chunk.contains(":ready")) {
                        ready.tryComplete();
                    }
                    if (chunk.contains("session-ended") && eventAt[0] == 0) {
                        eventAt[0] = System.nanoTime();
                        settle.run();
                    }
                })
                .onFailure(failure -> {
                    if (finished.tryComplete()) {
                        toEvent.error();
                    }
                });
        ready.future()
                .compose(ignored -> revoker.deleteAbs(url + "/sessions/" + sid)
                        .bearerTokenAuthentication(token)
                        .send())
                .onComplete(answer -> {
                    answeredAt[0] = System.nanoTime();
                    if (answer.failed() || answer.result().statusCode() != 204) {
                        if (finished.tryComplete()) {
                            toEvent.error();
                        }
                    } else {
                        settle.run();
                    }
                });
        vertx.setTimer(10_000, id -> {
            if (finished.tryComplete()) {
                toEvent.error();
            }
        });
        return finished.future();
    }

    private Future<HttpClientResponse> stream(String token, java.util.function.Consumer<String> onChunk) {
        RequestOptions request = new RequestOptions()
                .setMethod(HttpMethod.GET)
                .setAbsoluteURI(url + "/sessions/events")
                .addHeader("Authorization", "Bearer " + token)
                .addHeader("Accept", "text/event-stream");
        return streams.request(request).compose(r -> r.send()).map(response -> {
            response.handler(buffer -> onChunk.accept(buffer.toString()));
            return response;
        });
    }
}
