package dev.sessions.registry.metrics;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Singleton;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.Startup;

import dev.sessions.contract.history.EndReason;
import dev.sessions.contract.history.EventType;
import dev.sessions.registry.history.HistoryEvent;

/**
 * The registry's own metrics (the contract's "Operations" names). Every counter is registered for each of its label
 * values at start-up, so that a scrape shows them all from zero and recording does no tag lookup or allocation; the
 * Redis-wide gauges hold what {@link SharedGauges} last read.
 */
@Singleton
@Startup
public class RegistryMetrics {

    /** The {@code reason} label of a session its user signed out: the 401 of such a session says the same. */
    public static final String SIGNED_OUT = EventType.SIGNED_OUT.name();

    private static final String SESSIONS_LIVE = "sessions.live";
    private static final String OUTBOX_BACKLOG = "history.outbox.backlog";
    private static final Duration[] CHECK_BUCKETS = {
        Duration.ofNanos(250_000),
        Duration.ofNanos(500_000),
        Duration.ofMillis(1),
        Duration.ofMillis(2),
        Duration.ofMillis(5),
        Duration.ofMillis(10),
        Duration.ofMillis(25),
        Duration.ofMillis(50),
        Duration.ofMillis(100),
        Duration.ofMillis(250),
        Duration.ofMillis(500),
        Duration.ofSeconds(1)
    };
    private static final Duration[] ACKNOWLEDGEMENT_BUCKETS = {
        Duration.ofMillis(1),
        Duration.ofMillis(5),
        Duration.ofMillis(10),
        Duration.ofMillis(25),
        Duration.ofMillis(50),
        Duration.ofMillis(100),
        Duration.ofMillis(250),
        Duration.ofMillis(500),
        Duration.ofSeconds(1),
        Duration.ofSeconds(2),
        Duration.ofSeconds(5),
        Duration.ofSeconds(10)
    };

    private final Counter checksAllowed;
    private final Counter checksDenied;
    private final Counter checksUnavailable;
    private final Timer checkDuration;
    private final Timer acknowledgement;
    private final Counter acknowledgementsMissing;
    private final Counter sessionsStarted;
    // by reason name (EndReason's and SIGNED_OUT); built once, read only
    private final Map<String, Counter> sessionsEnded;
    private final Counter eventsWritten;
    // NaN until read, and while Redis cannot be read: an old figure would pass for a current one
    private volatile double sessionsLive = Double.NaN;
    private volatile double outboxBacklog = Double.NaN;

    public RegistryMetrics(MeterRegistry registry) {
        checksAllowed = checks(registry, "allowed");
        checksDenied = checks(registry, "denied");
        checksUnavailable = checks(registry, "unavailable");
        checkDuration = Timer.builder("check.duration")
                .description("Time /check took to decide, from the request's arrival at its route to its answer")
                .serviceLevelObjectives(CHECK_BUCKETS)
                .register(registry);
        acknowledgement = Timer.builder("revocation.acknowledgement")
                .description("Time a revocation waited for the acknowledgements of every instance (the whole wait"
                        + " when some never came)")
                .serviceLevelObjectives(ACKNOWLEDGEMENT_BUCKETS)
                .register(registry);
        acknowledgementsMissing = Counter.builder("revocation.acknowledgements.missing")
                .description("Acknowledgements a revocation waited for in vain (it answered after the leases ran out)")
                .register(registry);
        sessionsStarted = Counter.builder("sessions.started")
                .description("Sessions opened, counted once as their SIGNED_IN event reaches the history")
                .register(registry);
        Map<String, Counter> ended = new HashMap<>();
        for (EndReason reason : EndReason.values()) {
            ended.put(reason.name(), ended(registry, reason.kind(), reason.name()));
        }
        ended.put(SIGNED_OUT, ended(registry, EndReason.Kind.USER, SIGNED_OUT));
        sessionsEnded = Map.copyOf(ended);
        eventsWritten = Counter.builder("history.events.written")
                .description("History events written to PostgreSQL (each once, whichever instance drained it)")
                .register(registry);
        // anew: an application restarted in the same JVM (tests) would otherwise keep the previous one's gauges
        registry.find(SESSIONS_LIVE).meters().forEach(registry::remove);
        registry.find(OUTBOX_BACKLOG).meters().forEach(registry::remove);
        Gauge.builder(SESSIONS_LIVE, this, metrics -> metrics.sessionsLive)
                .description("Live sessions of every instance, read from Redis every registry.metrics.gauge-interval")
                .strongReference(true)
                .register(registry);
        Gauge.builder(OUTBOX_BACKLOG, this, metrics -> metrics.outboxBacklog)
                .description("History events waiting in the Redis outbox for PostgreSQL, read every"
                        + " registry.metrics.gauge-interval")
                .strongReference(true)
                .register(registry);
    }

    private static Counter checks(MeterRegistry registry, String result) {
        return Counter.builder("check.requests")
                .description("Decisions of /check by result")
                .tag("result", result)
                .register(registry);
    }

    private static Counter ended(MeterRegistry registry, EndReason.Kind kind, String reason) {
        return Counter.builder("sessions.ended")
                .description("Sessions ended, by kind and reason, counted once as their event reaches the history")
                .tag("kind", kind.name().toLowerCase(java.util.Locale.ROOT))
                .tag("reason", reason)
                .register(registry);
    }

    /** A /check answered with {@code status} (204 allowed, 401 denied, anything else unavailable). */
    public void checked(int status, long startNanos) {
        checkDuration.record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
        if (status == 204) {
            checksAllowed.increment();
        } else if (status == 401) {
            checksDenied.increment();
        } else {
            checksUnavailable.increment();
        }
    }

    /** A revocation's wait for acknowledgements ended after {@code nanos}, {@code missing} of them never came. */
    public void acknowledgements(long nanos, int missing) {
        acknowledgement.record(nanos, TimeUnit.NANOSECONDS);
        if (missing > 0) {
            acknowledgementsMissing.increment(missing);
        }
    }

    /** Events this instance has just inserted into the history (not those another insert had stored already). */
    public void written(List<HistoryEvent> events) {
        eventsWritten.increment(events.size());
        for (HistoryEvent event : events) {
            if (EventType.SIGNED_IN.name().equals(event.type())) {
                sessionsStarted.increment();
            } else if (SIGNED_OUT.equals(event.type())) {
                sessionsEnded.get(SIGNED_OUT).increment();
            } else if (event.reason() != null
                    && (EventType.REVOKED.name().equals(event.type())
                            || EventType.EXPIRED.name().equals(event.type()))) {
                Counter ended = sessionsEnded.get(event.reason());
                if (ended != null) {
                    ended.increment();
                }
            }
        }
    }

    /** The figures of the shared gauges; NaN for one that could not be read. */
    void shared(double live, double backlog) {
        sessionsLive = live;
        outboxBacklog = backlog;
    }
}
