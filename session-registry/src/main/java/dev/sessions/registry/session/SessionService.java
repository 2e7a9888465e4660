package dev.sessions.registry.session;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;

import dev.sessions.contract.history.EndReason;
import dev.sessions.contract.internal.ClientHints;
import dev.sessions.contract.redis.RedisKeys;
import dev.sessions.registry.config.RegistryConfig;
import dev.sessions.registry.device.Device;
import dev.sessions.registry.device.DeviceResolver;
import dev.sessions.registry.geo.LocationResolver;
import dev.sessions.registry.geo.Place;
import dev.sessions.registry.revocation.Actor;
import dev.sessions.registry.revocation.Ending;
import dev.sessions.registry.revocation.RevocationService;

/** Session life cycle: opening, refreshing, listing and ending, for users, admins and auth-service. */
@ApplicationScoped
public class SessionService {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final SessionStore store;
    private final RevocationService revocations;
    private final DeviceResolver devices;
    private final LocationResolver locations;
    private final int userListLimit;
    private final int listBatchSize;
    private final SessionListCache lists;
    private final Clock clock;

    SessionService(
            SessionStore store,
            RevocationService revocations,
            DeviceResolver devices,
            LocationResolver locations,
            SessionListCache lists,
            RegistryConfig config,
            Clock clock) {
        this.clock = clock;
        this.store = store;
        this.lists = lists;
        this.revocations = revocations;
        this.devices = devices;
        this.locations = locations;
        this.userListLimit = config.sessions().userListLimit();
        this.listBatchSize = Math.max(1, config.sessions().listBatchSize());
    }

    /**
     * Opens a session for a user who has just signed in, ending their least recently active ones beyond
     * {@code maxSessions} (0: no cap); answers once those are refused everywhere.
     */
    public Uni<LiveSession> open(
            String userId,
            String userAgent,
            String ipAddress,
            boolean rememberMe,
            Instant expiresAt,
            Instant maxExpiresAt,
            Long accountEpoch,
            int maxSessions,
            boolean mfa,
            ClientHints hints) {
        Instant now = clock.instant();
        Instant max = maxExpiresAt.truncatedTo(ChronoUnit.MILLIS);
        Instant deadline = expiresAt.isAfter(max) ? max : expiresAt.truncatedTo(ChronoUnit.MILLIS);
        Place place = locations.place(ipAddress).orElse(null);
        return Uni.combine()
                .all()
                .unis(devices.resolve(userAgent, hints), store.signIns(userId))
                .with((device, history) -> new LiveSession(
                        RedisKeys.newSessionId(userId, RANDOM),
                        userId,
                        now,
                        now,
                        deadline,
                        max,
                        rememberMe,
                        ipAddress,
                        device,
                        place == null ? null : place.location(),
                        mfa,
                        SignInFlags.decide(history, device, place, now)))
                .chain(session -> {
                    RevocationService.Announcement announcement = revocations.announcement();
                    return store.create(session, place, userAgent, accountEpoch, maxSessions, announcement)
                            .chain(opened -> revocations
                                    .announced(announcement, opened.endings())
                                    .replaceWith(opened.session()));
                });
    }

    /**
     * Extends a live session after a refresh; empty when it is not live. With client hints, the device is read again
     * from them and the User-Agent (a browser sends the high-entropy hints only once asked, so the sign-in may have
     * had fewer); without, it stays as read at sign-in. {@code userId}: the session's user as the caller knows it
     * (null: read from the session).
     */
    public Uni<Optional<SessionStore.Refreshed>> refresh(
            String sessionId, String userId, String ipAddress, Instant expiresAt, String userAgent, ClientHints hints) {
        Uni<Device> device = hints == null || hints.isEmpty() || userAgent == null
                ? Uni.createFrom().nullItem()
                : devices.resolve(userAgent, hints);
        return device.chain(d -> store.refresh(
                new SessionStore.Extension(
                        sessionId,
                        ipAddress,
                        locations.locate(ipAddress).orElse(null),
                        expiresAt,
                        d,
                        d == null ? null : ClientHints.digest(userAgent, hints)),
                userId));
    }

    /**
     * The caller's live sessions: the current one first, then by last activity, newest first. From this instance's
     * memory when it holds the user's whole list (SessionListCache, ADR 22); else the first batch and the current
     * session come from one script call, which is all there is for a user with at most
     * {@code registry.sessions.list-batch-size} sessions.
     */
    public Uni<List<LiveSession>> listOwn(String userId, String currentSessionId) {
        Optional<List<LiveSession>> held = lists.get(userId);
        if (held.isPresent() && (currentSessionId == null || contains(held.get(), currentSessionId))) {
            return Uni.createFrom().item(currentFirst(held.get(), currentSessionId));
        }
        SessionListCache.Ticket ticket = lists.ticket(userId);
        return gather(userId, currentSessionId, 0, new LinkedHashMap<>()).map(gathered -> {
            lists.keep(ticket, gathered.sessions(), gathered.total());
            return gathered.sessions();
        });
    }

    /** Sessions gathered for a list, and how many the user's index held when the last batch was read. */
    private record Gathered(List<LiveSession> sessions, long total) {}

    /**
     * The user's sessions from rank {@code first} on, one short script per batch (the first also reads the current
     * session). A batch's script drops members whose session lapsed, which moves the later ones forward: the next batch
     * starts at the rank the script answered. Batches are not one snapshot: a session active meanwhile may move to a
     * batch already read (missed until the next listing) or appear twice (kept once).
     */
    private Uni<Gathered> gather(String userId, String currentSessionId, long first, Map<String, LiveSession> soFar) {
        int size = Math.min(listBatchSize, userListLimit - soFar.size());
        if (size <= 0) {
            // cut at the limit: never the whole list
            return Uni.createFrom().item(new Gathered(List.copyOf(soFar.values()), Long.MAX_VALUE));
        }
        return store.page(userId, currentSessionId, first, size).chain(page -> {
            page.sessions().forEach(s -> soFar.putIfAbsent(s.id(), s));
            return page.next() <= first || page.next() >= page.total()
                    ? Uni.createFrom().item(new Gathered(List.copyOf(soFar.values()), page.total()))
                    : gather(userId, null, page.next(), soFar);
        });
    }

    private static boolean contains(List<LiveSession> sessions, String sessionId) {
        for (LiveSession session : sessions) {
            if (session.id().equals(sessionId)) {
                return true;
            }
        }
        return false;
    }

    /** The sessions in their order, but {@code currentSessionId}'s first (when given). */
    private static List<LiveSession> currentFirst(List<LiveSession> sessions, String currentSessionId) {
        if (currentSessionId == null
                || sessions.isEmpty()
                || sessions.get(0).id().equals(currentSessionId)) {
            return sessions;
        }
        List<LiveSession> ordered = new ArrayList<>(sessions.size());
        for (LiveSession session : sessions) {
            if (session.id().equals(currentSessionId)) {
                ordered.add(session);
            }
        }
        for (LiveSession session : sessions) {
            if (!session.id().equals(currentSessionId)) {
                ordered.add(session);
            }
        }
        return ordered;
    }

    /** One page of a user's live sessions for an admin, from memory as {@link #listOwn} when it can be. */
    public Uni<SessionStore.SessionPage> listForAdmin(String userId, int page, int size) {
        long first = (long) page * size;
        Optional<List<LiveSession>> held = lists.get(userId);
        if (held.isPresent()) {
            List<LiveSession> all = held.get();
            int from = (int) Math.min(first, all.size());
            int to = (int) Math.min(first + size, all.size());
            return Uni.createFrom().item(new SessionStore.SessionPage(all.subList(from, to), all.size(), to));
        }
        SessionListCache.Ticket ticket = lists.ticket(userId);
        return store.page(userId, null, first, size).invoke(read -> {
            if (first == 0) {
                lists.keep(ticket, read.sessions(), read.total());
            }
        });
    }

    /** One live session of the caller. */
    public Uni<Optional<LiveSession>> find(String userId, String sessionId) {
        return store.find(userId, sessionId);
    }

    /** Ends one session of its owner; nothing happens for a session that is not the owner's or not live. */
    public Uni<Boolean> revokeOwn(String userId, String sessionId) {
        return revocations.endSession(sessionId, userId, Ending.revoked(EndReason.USER_REVOKED, Actor.user(userId)));
    }

    /** Ends one session of anyone, for an admin. */
    public Uni<Boolean> revokeAsAdmin(String adminId, String sessionId) {
        return revocations.endSession(sessionId, null, Ending.revoked(EndReason.ADMIN_REVOKED, Actor.admin(adminId)));
    }

    /** Ends a session on auth-service's request (sign-out, reuse, ...). */
    public Uni<Boolean> end(String sessionId, Ending ending) {
        return revocations.endSession(sessionId, null, ending);
    }

    /** Ends the sessions of a user, all or all but one. */
    public Uni<Integer> endAll(String userId, String exceptSessionId, Ending ending) {
        return revocations.endUserSessions(userId, exceptSessionId, ending);
    }
}
