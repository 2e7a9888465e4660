package dev.sessions.registry.revocation;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.scheduler.Scheduled;

/**
 * This instance's copy of the denylist: ended session ids, when their entries lapse (epoch ms) and, once known, why
 * they ended. It only ever says "revoked"; whether its silence may be read as "not revoked" is the subscription's call
 * (its lease). A reason is unknown for entries loaded from the index (which holds only lapses) until it is read.
 */
@ApplicationScoped
public class NearCache {

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final Clock clock;

    NearCache(Clock clock) {
        this.clock = clock;
    }

    /** Whether the session is on this copy of the denylist and its entry has not lapsed. */
    public boolean isRevoked(String sessionId) {
        Entry entry = entries.get(sessionId);
        return entry != null && entry.lapse() > clock.millis();
    }

    /** Why the session ended, when this copy knows it; null otherwise. */
    public String reason(String sessionId) {
        Entry entry = entries.get(sessionId);
        return entry == null ? null : entry.reason();
    }

    /** Records a revocation; an entry already known keeps the later of the two lapses and any reason known. */
    public void remember(String sessionId, long lapse, String reason) {
        entries.merge(sessionId, new Entry(lapse, reason), Entry::merge);
    }

    /** The number of entries held, lapsed ones not yet forgotten included. */
    public int size() {
        return entries.size();
    }

    @Scheduled(every = "60s", delayed = "60s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void forgetLapsed() {
        long now = clock.millis();
        entries.values().removeIf(entry -> entry.lapse() <= now);
    }

    /** One denylist entry as known here; {@code reason} null until known. */
    private record Entry(long lapse, String reason) {

        Entry merge(Entry other) {
            return new Entry(Math.max(lapse, other.lapse), other.reason != null ? other.reason : reason);
        }
    }
}
