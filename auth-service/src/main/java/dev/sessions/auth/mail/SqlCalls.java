package dev.sessions.auth.mail;

import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import io.quarkiverse.resteasy.problem.HttpProblem;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import org.jboss.logging.Logger;

import dev.sessions.auth.error.Problems;

/**
 * PostgreSQL calls of the outbox and the reset tokens as the user store makes them: past {@code auth.user-store.timeout}
 * the caller gets a 503 while the call itself runs to its end (it is never cancelled, so its connection always goes
 * back to the pool), and every other failure but a problem is a 503 too.
 */
public final class SqlCalls {

    private static final Logger LOG = Logger.getLogger(SqlCalls.class);

    private SqlCalls() {}

    /** Runs the call with the timeout; failures become 503 problems. */
    public static <T> Uni<T> guarded(Vertx vertx, Duration timeout, Supplier<Uni<T>> call) {
        long timeoutMs = timeout.toMillis();
        return Uni.createFrom()
                .<T>emitter(emitter -> {
                    long timer = vertx.setTimer(
                            timeoutMs,
                            id -> emitter.fail(
                                    new TimeoutException("no answer from the user store in " + timeoutMs + " ms")));
                    call.get()
                            .subscribe()
                            .with(
                                    item -> {
                                        vertx.cancelTimer(timer);
                                        emitter.complete(item);
                                    },
                                    failure -> {
                                        vertx.cancelTimer(timer);
                                        emitter.fail(failure);
                                    });
                })
                .onFailure(failure -> !(failure instanceof HttpProblem))
                .transform(failure -> {
                    LOG.warnf("user store failure: %s", failure.toString());
                    return Problems.unavailable("The user store is unavailable; try again shortly.");
                });
    }
}
