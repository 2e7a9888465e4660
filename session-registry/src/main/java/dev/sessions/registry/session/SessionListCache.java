package dev.sessions.registry.session;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

import jakarta.enterprise.context.ApplicationScoped;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import dev.sessions.registry.config.RegistryConfig;
import dev.sessions.registry.revocation.RevocationSubscription;

/**
 * Each user's live sessions as this instance last read them whole, so that a list asks Redis nothing (ADR 22): a
 * Redis round trip alone costs a list more CPU than the rest of its work. Every change of a listed field is announced
 * on the revocation channel in the step that makes it (a sign-in, an ending, a refresh, a rotation that extends its
 * session, an activity record), and each announcement drops its user's entry before the next message is handled, so
 * before this instance acknowledges a revocation. An entry is answered only while the instance can vouch that no
 * announcement is missing: it holds its revocation lease and the subscription that announced nothing since the read is
 * the one still held. Otherwise, and for a user with more sessions than a list shows, lists read Redis as before.
 * <p>
 * A read races the announcements of its user: it takes a ticket (the user's stripe of announcement counts and the
 * subscription's generation) before asking Redis, stores what it read, then drops it again if an announcement of a
 * user of its stripe came meanwhile; an announcement counts first and drops the entry after. Whichever runs first, no
 * entry older than an announcement survives it.
 */
@ApplicationScoped
public class SessionListCache {

    private static final int STRIPES = 4096;

    private final AtomicLongArray announced = new AtomicLongArray(STRIPES);
    /** Announcements that named no user (none do today): they count for every user. */
    private final AtomicLong announcedForAll = new AtomicLong();

    private final Cache<String, Entry> entries;
    private final RevocationSubscription subscription;
    private final Clock clock;
    private final boolean enabled;

    SessionListCache(RevocationSubscription subscription, RegistryConfig config, Clock clock) {
        this.subscription = subscription;
        this.clock = clock;
        long users = config.sessions().listCacheUsers();
        this.enabled = users > 0;
        this.entries = Caffeine.newBuilder()
                .maximumSize(Math.max(1, users))
                // a bound for what announcements keep current anyway: no entry outlives one activity interval
                .expireAfterWrite(config.activity().interval())
                .build();
    }

    /** What a read of a user's list started from; see {@link #keep}. */
    public record Ticket(String userId, long announced, long announcedForAll, long generation, boolean usable) {}

    /** A user's live sessions, most recently active first, all of them. */
    private record Entry(List<LiveSession> sessions, long generation) {}

    /**
     * The user's live sessions, most recently active first, when this instance can answer them from memory: every one
     * of them, none past its deadline as of now.
     */
    public Optional<List<LiveSession>> get(String userId) {
        if (!enabled || !subscription.holdsLease()) {
            return Optional.empty();
        }
        Entry entry = entries.getIfPresent(userId);
        if (entry == null || entry.generation() != subscription.generation()) {
            return Optional.empty();
        }
        long now = clock.millis();
        for (LiveSession session : entry.sessions()) {
            if (session.expiresAt().toEpochMilli() <= now) {
                // the script drops lapsed members from the index on its way: let it
                return Optional.empty();
            }
        }
        return Optional.of(entry.sessions());
    }

    /** Taken before a user's list is read from Redis. */
    public Ticket ticket(String userId) {
        return new Ticket(
                userId,
                announced.get(stripe(userId)),
                announcedForAll.get(),
                subscription.generation(),
                enabled && subscription.holdsLease());
    }

    /**
     * Keeps what a read found, in any order, when it holds every live session of the user ({@code total} in the index)
     * and nothing of the user was announced since its ticket was taken.
     */
    public void keep(Ticket ticket, List<LiveSession> sessions, long total) {
        if (!ticket.usable() || sessions.size() != total || ticket.generation() != subscription.generation()) {
            return;
        }
        List<LiveSession> ordered = new ArrayList<>(sessions);
        ordered.sort(Comparator.comparing(LiveSession::lastActivityAt).reversed());
        Entry entry = new Entry(List.copyOf(ordered), ticket.generation());
        entries.put(ticket.userId(), entry);
        if (announced.get(stripe(ticket.userId())) != ticket.announced()
                || announcedForAll.get() != ticket.announcedForAll()) {
            entries.asMap().remove(ticket.userId(), entry);
        }
    }

    /**
     * An announcement about one of the user's sessions (null: of some user): what this instance holds of their list is
     * out of date.
     */
    public void changed(String userId) {
        if (userId == null) {
            announcedForAll.incrementAndGet();
            entries.invalidateAll();
            return;
        }
        announced.incrementAndGet(stripe(userId));
        entries.invalidate(userId);
    }

    private static int stripe(String userId) {
        return Math.floorMod(userId.hashCode(), STRIPES);
    }
}
