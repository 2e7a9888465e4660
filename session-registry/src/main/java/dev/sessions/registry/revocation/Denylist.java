package dev.sessions.registry.revocation;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;

import dev.sessions.contract.redis.RedisKeys;
import dev.sessions.registry.security.DecisionUnavailableException;

/**
 * The revocation denylist as each instance sees it. While the subscription is up, the index has been loaded and the
 * instance holds its lease, answers come from memory (no I/O on the request path). Otherwise every answer goes to
 * Redis, so a revocation announced while nobody listened, or stuck in a stalled connection, is never missed. When
 * Redis cannot answer either, the answer is "undecidable" (503), never "not revoked".
 * <p>
 * Every instance acknowledges revocations on the asking instance's own channel, with its name, once it has applied
 * them, which is what lets a revocation answer early when every instance refuses the session; without all of them it
 * answers only once every lease that could be stale has run out.
 */
@ApplicationScoped
public class Denylist {

    private final ReactiveRedisDataSource redis;
    private final RedisKeys keys;
    private final NearCache nearCache;
    private final RevocationSubscription subscription;
    private final Acknowledgements acknowledgements;

    Denylist(
            ReactiveRedisDataSource redis,
            RedisKeys keys,
            NearCache nearCache,
            RevocationSubscription subscription,
            Acknowledgements acknowledgements) {
        this.redis = redis;
        this.keys = keys;
        this.nearCache = nearCache;
        this.subscription = subscription;
        this.acknowledgements = acknowledgements;
    }

    /** Whether the session is on the denylist; fails with {@link DecisionUnavailableException} when undecidable. */
    public Uni<Boolean> isRevoked(String sessionId) {
        if (nearCache.isRevoked(sessionId)) {
            return Uni.createFrom().item(Boolean.TRUE);
        }
        if (subscription.holdsLease()) {
            return Uni.createFrom().item(Boolean.FALSE);
        }
        return redis.execute(Command.EXISTS, keys.revoked(sessionId))
                .map(r -> r != null && r.toInteger() == 1)
                .onFailure()
                .transform(f -> new DecisionUnavailableException("the denylist is unreachable", f));
    }

    /**
     * Why a session on the denylist ended (an end reason, or SIGNED_OUT): from memory when known, else from its entry,
     * which is then remembered. Null when the entry is gone or Redis cannot say: the refusal stands without a reason.
     */
    public Uni<String> reason(String sessionId) {
        String known = nearCache.reason(sessionId);
        if (known != null) {
            return Uni.createFrom().item(known);
        }
        return redis.execute(Command.GET, keys.revoked(sessionId))
                .map(r -> r == null ? null : r.toString())
                .invoke(reason -> rememberReason(sessionId, reason))
                .onFailure()
                .recoverWithNull();
    }

    private void rememberReason(String sessionId, String reason) {
        if (reason != null && nearCache.isRevoked(sessionId)) {
            // the lapse is already known; the merge keeps the later one
            nearCache.remember(sessionId, 0, reason);
        }
    }

    /** Whether the subscription is up and loaded, so that this instance hears acknowledgements and announcements. */
    public boolean isLive() {
        return subscription.isLive();
    }

    /** Whether answers come from the near-cache: subscribed, loaded, and the lease held. */
    public boolean answersFromMemory() {
        return subscription.holdsLease();
    }

    /** This instance's name in acknowledgements, heartbeats and logs ({@code host:port#id}). */
    public String instance() {
        return subscription.instance();
    }

    /** When the lease runs out, or ran out (System.nanoTime). */
    long leaseUntil() {
        return subscription.leaseUntil();
    }

    /** The channel on which this instance hears acknowledgements of its own revocations. */
    String ackChannel() {
        return subscription.ackChannel();
    }

    /** Records revocations this instance made itself, without waiting for its own announcement. */
    void remember(Iterable<String> sessionIds, long lapse, String reason) {
        for (String sid : sessionIds) {
            nearCache.remember(sid, lapse, reason);
        }
    }

    /**
     * Completes once {@code subscribers} acknowledgements of {@code ackId} have come back on this instance's
     * acknowledgement channel, including one from every other registry instance heard lately, or after {@code wait}.
     * A subscriber acknowledges after it has applied every revocation announced before the request, so once all have,
     * no instance still accepts the revoked sessions; {@code wait} must be at least the lease, so that by then every
     * instance that did not acknowledge has stopped answering from memory.
     */
    Uni<Void> acknowledged(String ackId, int subscribers, Duration wait) {
        if (ackId.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        long lease = subscription.leaseNanos();
        return acknowledgements.await(
                ackId,
                subscribers,
                acknowledgements.membersHeardWithin(lease),
                () -> acknowledgements.membersHeardWithin(10 * lease),
                wait);
    }
}
