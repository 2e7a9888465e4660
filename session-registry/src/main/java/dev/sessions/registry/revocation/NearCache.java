package dev.sessions.registry.revocation;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.scheduler.Scheduled;

/**
 * This instance's copy of the denylist: ended session ids and when their entries lapse (epoch ms). It only ever
 * says "revoked"; whether its silence may be read as "not revoked" is the subscription's call (its lease).
 */
@ApplicationScoped
public class NearCache {

    private final Map<String, Long> lapses = new ConcurrentHashMap<>();
    private final Clock clock;

    NearCache(Clock clock) {
        this.clock = clock;
    }

    /** Whether the session is on this copy of the denylist and its entry has not lapsed. */
    public boolean isRevoked(String sessionId) {
        Long lapse = lapses.get(sessionId);
        return lapse != null && lapse > clock.millis();
    }

    /** Records a revocation; an entry already known keeps the later of the two lapses. */
    public void remember(String sessionId, long lapse) {
        lapses.merge(sessionId, lapse, Math::max);
    }

    /** The number of entries held, lapsed ones not yet forgotten included. */
    public int size() {
        return lapses.size();
    }

    @Scheduled(every = "60s", delayed = "60s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void forgetLapsed() {
        long now = clock.millis();
        lapses.values().removeIf(lapse -> lapse <= now);
    }
}
