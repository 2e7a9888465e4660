package dev.sessions.registry.history;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import org.jboss.logging.Logger;

import dev.sessions.contract.history.EventType;
import dev.sessions.contract.schema.SchemaMigration;
import dev.sessions.registry.history.HistoryEnricher.Outcome;
import dev.sessions.registry.history.OutboxConsumer.Entry;
import dev.sessions.registry.metrics.RegistryMetrics;
import dev.sessions.registry.report.Report;
import dev.sessions.registry.report.ReportService;

/**
 * Drains the outbox streams into PostgreSQL, batch after batch: the consumer reads, the enricher makes events, the
 * store inserts them idempotently (and the reports that {@code SESSION_REPORTED} events carry), and the batch is
 * acknowledged only after the commit. While PostgreSQL or Redis
 * fails, events wait in Redis and are retried on the next poll.
 */
@ApplicationScoped
public class OutboxDrain {

    private static final Logger LOG = Logger.getLogger(OutboxDrain.class);

    private final OutboxConsumer outbox;
    private final HistoryEnricher enricher;
    private final HistoryStore store;
    private final ReportService reports;
    private final RegistryMetrics metrics;
    private final SchemaMigration schema;

    private final Clock clock;

    // when the drain first failed since it last succeeded; null while it succeeds
    private volatile Instant failingSince;

    OutboxDrain(
            OutboxConsumer outbox,
            HistoryEnricher enricher,
            HistoryStore store,
            ReportService reports,
            RegistryMetrics metrics,
            SchemaMigration schema,
            Clock clock) {
        this.outbox = outbox;
        this.enricher = enricher;
        this.store = store;
        this.reports = reports;
        this.metrics = metrics;
        this.schema = schema;
        this.clock = clock;
    }

    /** Since when history has been waiting in the outbox because the drain fails; empty while it drains. */
    public Optional<Instant> waitingSince() {
        return Optional.ofNullable(failingSince);
    }

    @Scheduled(every = "${registry.history.poll-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> drain() {
        if (!schema.isMigrated()) {
            // events wait in the outbox until the tables they go to exist (ADR 17), and readiness says they wait
            if (failingSince == null) {
                failingSince = clock.instant();
                LOG.info("History waits in the outbox until the schema is migrated");
            }
            return Uni.createFrom().voidItem();
        }
        return outbox.ensureGroup()
                .chain(ignored -> drainAll())
                .invoke(() -> {
                    if (failingSince != null) {
                        failingSince = null;
                        LOG.info("History outbox drains into PostgreSQL again");
                    }
                })
                .onFailure()
                .recoverWithUni(this::onFailure);
    }

    private Uni<Void> drainAll() {
        return drainOnce().chain(more -> more ? drainAll() : Uni.createFrom().voidItem());
    }

    /** One batch; true when there may be more right away. */
    private Uni<Boolean> drainOnce() {
        return outbox.pending().chain(own -> {
            if (!own.isEmpty()) {
                return store(own).replaceWith(true);
            }
            return outbox.claim().chain(claimed -> {
                if (!claimed.isEmpty()) {
                    return store(claimed).replaceWith(true);
                }
                return outbox.fresh().chain(fresh -> store(fresh).replaceWith(fresh.size() >= outbox.batchSize()));
            });
        });
    }

    /**
     * Stores the batch's events; an entry this version cannot store goes to the dead-letter stream before the batch
     * is acknowledged, so nothing is lost and the drain never stalls on it.
     */
    private Uni<Void> store(List<Entry> entries) {
        if (entries.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Multi.createFrom()
                .iterable(entries)
                .onItem()
                .transformToUniAndConcatenate(this::toEvent)
                .collect()
                .asList()
                .chain(outcomes -> {
                    List<Outcome.Stored> stored =
                            outcomes.stream().filter(Objects::nonNull).toList();
                    // both inserts are idempotent: a batch retried after the first succeeded repeats nothing
                    return store.insertAll(
                                    stored.stream().map(Outcome.Stored::event).toList())
                            .invoke(metrics::written)
                            .chain(ignored -> reports.recordAll(reportsIn(stored)));
                })
                .chain(ignored -> outbox.acknowledge(entries));
    }

    private static List<Report> reportsIn(List<Outcome.Stored> stored) {
        return stored.stream()
                .filter(s -> EventType.SESSION_REPORTED.name().equals(s.event().type()))
                .map(s -> Report.filed(s.event(), s.details()))
                .filter(Objects::nonNull)
                .toList();
    }

    private Uni<Outcome.Stored> toEvent(Entry entry) {
        return enricher.toEvent(entry.identity(), entry.fields()).chain(outcome -> {
            if (outcome instanceof Outcome.Stored stored) {
                return Uni.createFrom().item(stored);
            }
            return outbox.deadLetter(entry, ((Outcome.Rejected) outcome).why()).replaceWith((Outcome.Stored) null);
        });
    }

    private Uni<Void> onFailure(Throwable failure) {
        outbox.failed(failure);
        if (failingSince == null) {
            failingSince = clock.instant();
            LOG.warnf("History outbox cannot drain (%s); events wait in Redis and are retried", failure.getMessage());
        }
        return Uni.createFrom().voidItem();
    }
}
