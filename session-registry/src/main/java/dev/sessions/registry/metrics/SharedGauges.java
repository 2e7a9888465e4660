package dev.sessions.registry.metrics;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import org.jboss.logging.Logger;

import dev.sessions.registry.history.OutboxConsumer;
import dev.sessions.registry.session.SessionStore;

/**
 * Reads the gauges that describe Redis rather than this instance ({@code sessions_live}, {@code
 * history_outbox_backlog}) every {@code registry.metrics.gauge-interval}: every instance reports the same figure, so
 * a dashboard takes the maximum over instances, never the sum; one cheap command each (ZCOUNT, XLEN), never at
 * scrape time.
 */
@ApplicationScoped
public class SharedGauges {

    private static final Logger LOG = Logger.getLogger(SharedGauges.class);

    private final SessionStore sessions;
    private final OutboxConsumer outbox;
    private final RegistryMetrics metrics;

    SharedGauges(SessionStore sessions, OutboxConsumer outbox, RegistryMetrics metrics) {
        this.sessions = sessions;
        this.outbox = outbox;
        this.metrics = metrics;
    }

    @Scheduled(every = "${registry.metrics.gauge-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> read() {
        return Uni.combine()
                .all()
                .unis(
                        orNaN(sessions.liveCount(), "sessions_live"),
                        orNaN(outbox.backlog().map(OutboxConsumer.Backlog::entries), "history_outbox_backlog"))
                .with((live, backlog) -> {
                    metrics.shared(live, backlog);
                    return null;
                });
    }

    private static Uni<Double> orNaN(Uni<Long> read, String gauge) {
        return read.map(Long::doubleValue).onFailure().recoverWithItem(failure -> {
            LOG.debugf("%s not read from Redis (%s); NaN until it is", gauge, failure.getMessage());
            return Double.NaN;
        });
    }
}
