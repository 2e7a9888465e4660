package dev.sessions.contract.http;

import java.time.Duration;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.sessions.contract.problem.ProblemVocabulary;

/**
 * Refuses new requests with 503 problem+json once the instance stops (SIGTERM, after {@code quarkus.shutdown.delay}),
 * while those in flight finish within {@code quarkus.shutdown.timeout}. Quarkus itself would still take them and stop
 * under them once the requests it waits for are done: the client would lose its connection without knowing whether
 * its request was done; a 503 says it was not, and to try again (another instance). Operators' {@code /q/*} stays
 * open: readiness says DOWN while the instance stops. One class for both services (a bean of this module).
 */
@ApplicationScoped
public class ShutdownGate {

    private static final String STOPPING = ProblemVocabulary.body(503, "This instance is stopping; try again.");

    private final long delayNanos;

    // System.nanoTime() from which requests are refused; only read while stopping
    private volatile boolean stopping;
    private volatile long refuseFrom;

    ShutdownGate(@ConfigProperty(name = "quarkus.shutdown.delay") Optional<Duration> delay) {
        this.delayNanos = delay.map(Duration::toNanos).orElse(0L);
    }

    void stopping(@Observes ShutdownDelayInitiatedEvent event) {
        refuseFrom = System.nanoTime() + delayNanos;
        stopping = true;
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(ctx -> {
            if (stopping
                    && System.nanoTime() - refuseFrom >= 0
                    && !ctx.normalizedPath().startsWith("/q/")) {
                ctx.response()
                        .setStatusCode(503)
                        .putHeader(HttpHeaders.CONTENT_TYPE, ProblemVocabulary.MEDIA_TYPE)
                        .putHeader("Retry-After", "1")
                        .putHeader(HttpHeaders.CONNECTION, "close")
                        .end(STOPPING);
                return;
            }
            ctx.next();
        });
    }
}
