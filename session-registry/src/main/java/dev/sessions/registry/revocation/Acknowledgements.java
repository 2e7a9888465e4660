package dev.sessions.registry.revocation;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.smallrye.mutiny.Uni;
import org.jboss.logging.Logger;

import dev.sessions.contract.revocation.RevocationChannel;
import dev.sessions.registry.metrics.RegistryMetrics;

/**
 * Who must acknowledge a revocation, and whether they have. The other registry instances are known by their heartbeats
 * (members); a revocation waits for as many acknowledgements as its script counted subscribers, including one from
 * every member heard within a lease, or for its wait (ADR 7).
 */
@ApplicationScoped
public class Acknowledgements {

    private static final Logger LOG = Logger.getLogger(Acknowledgements.class);

    private final Map<String, Waiter> waiters = new HashMap<>();
    // acknowledgements may come back before the script's own reply has been read: they are kept until claimed
    private final Cache<String, Acks> acks =
            Caffeine.newBuilder().expireAfterWrite(Duration.ofSeconds(30)).build();
    // other registry instances, by name: when their last heartbeat was heard (nanoTime)
    private final Map<String, Long> members = new ConcurrentHashMap<>();
    private final LongSupplier nanoTime;
    private final RegistryMetrics metrics;

    @Inject
    Acknowledgements(RegistryMetrics metrics) {
        this(System::nanoTime, metrics);
    }

    Acknowledgements(LongSupplier nanoTime, RegistryMetrics metrics) {
        this.nanoTime = nanoTime;
        this.metrics = metrics;
    }

    /** Another registry instance's heartbeat was heard. */
    public void memberHeard(String name) {
        members.put(name, nanoTime.getAsLong());
    }

    /** Forgets members silent for longer than {@code nanos}. */
    public void forgetMembersSilentFor(long nanos) {
        long silent = nanoTime.getAsLong() - nanos;
        members.values().removeIf(heard -> heard - silent < 0);
    }

    /** Other registry instances whose heartbeat was heard within the last {@code nanos}. */
    public Set<String> membersHeardWithin(long nanos) {
        long since = nanoTime.getAsLong() - nanos;
        Set<String> recent = new HashSet<>();
        members.forEach((name, heard) -> {
            if (heard - since > 0) {
                recent.add(name);
            }
        });
        return recent;
    }

    /**
     * Completes once {@code subscribers} acknowledgements of {@code ackId} have come back, including one from each of
     * {@code expected}, or after {@code wait}, logging who did not answer ({@code known}: every instance heard lately,
     * read then). The wait and the acknowledgements that never came are measured.
     */
    public Uni<Void> await(
            String ackId, int subscribers, Set<String> expected, Supplier<Set<String>> known, Duration wait) {
        return Uni.createFrom().deferred(() -> {
            long start = nanoTime.getAsLong();
            return Uni.createFrom()
                    .<Integer>emitter(emitter -> {
                        synchronized (waiters) {
                            if (acksOf(ackId).complete(subscribers, expected)) {
                                emitter.complete(0);
                                return;
                            }
                            waiters.put(ackId, new Waiter(subscribers, expected, () -> emitter.complete(0)));
                        }
                    })
                    .ifNoItem()
                    .after(wait)
                    .recoverWithItem(() -> unacknowledged(ackId, subscribers, expected, known, wait))
                    .invoke(missing -> metrics.acknowledgements(nanoTime.getAsLong() - start, missing))
                    .onTermination()
                    .invoke(() -> {
                        synchronized (waiters) {
                            waiters.remove(ackId);
                            acks.invalidate(ackId);
                        }
                    })
                    .replaceWithVoid();
        });
    }

    /** An acknowledgement heard on this instance's acknowledgement channel. */
    public void received(String body) {
        String ackId = RevocationChannel.acknowledgedId(body);
        String from = RevocationChannel.acknowledgedBy(body);
        Runnable done = null;
        synchronized (waiters) {
            Acks received = acksOf(ackId).with(from);
            acks.put(ackId, received);
            Waiter waiter = waiters.get(ackId);
            if (waiter != null && received.complete(waiter.subscribers(), waiter.expected())) {
                waiters.remove(ackId);
                done = waiter.done();
            }
        }
        if (done != null) {
            done.run();
        }
    }

    private Acks acksOf(String ackId) {
        Acks received = acks.getIfPresent(ackId);
        return received == null ? Acks.NONE : received;
    }

    /** Logs who did not answer; how many acknowledgements are missing (at least one: the wait ran out). */
    private int unacknowledged(
            String ackId, int subscribers, Set<String> expected, Supplier<Set<String>> known, Duration wait) {
        Acks received = acksOf(ackId);
        // named: every instance heard lately, also one whose subscription was down (it sends heartbeats all the same)
        Set<String> missing = new TreeSet<>(known.get());
        missing.addAll(expected);
        missing.removeAll(received.names());
        LOG.warnf(
                "Revocation acknowledged by %d of %d subscribers within %s; no acknowledgement from %s; answered once "
                        + "their leases had run out, so none of them answers from memory without it",
                received.count(),
                subscribers,
                wait,
                missing.isEmpty() ? "subscribers that are not registry instances" : String.join(", ", missing));
        int silentExpected = (int) expected.stream()
                .filter(name -> !received.names().contains(name))
                .count();
        return Math.max(1, Math.max(subscribers - received.count(), silentExpected));
    }

    private record Waiter(int subscribers, Set<String> expected, Runnable done) {}

    /** Acknowledgements of one request: how many, and from which registry instances. */
    private record Acks(int count, Set<String> names) {
        static final Acks NONE = new Acks(0, Set.of());

        Acks with(String from) {
            if (from == null) {
                return new Acks(count + 1, names);
            }
            Set<String> more = new HashSet<>(names);
            more.add(from);
            return new Acks(count + 1, Set.copyOf(more));
        }

        boolean complete(int subscribers, Set<String> expected) {
            return count >= subscribers && names.containsAll(expected);
        }
    }
}
