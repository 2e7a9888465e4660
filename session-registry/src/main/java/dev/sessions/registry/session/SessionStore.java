package dev.sessions.registry.session;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Response;
import io.vertx.redis.client.ResponseType;

import dev.sessions.contract.redis.LuaScript;
import dev.sessions.contract.redis.RedisKeys;
import dev.sessions.registry.config.RegistryConfig;
import dev.sessions.registry.device.Device;
import dev.sessions.registry.error.Problems;
import dev.sessions.registry.geo.Location;
import dev.sessions.registry.geo.Place;
import dev.sessions.registry.redis.SessionFields;
import dev.sessions.registry.revocation.RevocationService;

/** Live sessions in Redis: opening, refreshing, reading and last-activity writes, each one script or command. */
@ApplicationScoped
public class SessionStore {

    private static final LuaScript OPEN = LuaScript.load("open_session", RevocationService.LIBRARY);
    private static final LuaScript REFRESH = LuaScript.load("refresh_session", "session_extend_lib");
    private static final LuaScript TOUCH = LuaScript.load("touch_session", "session_extend_lib");
    private static final LuaScript LIST = LuaScript.load("list_sessions");
    // between the values of a listed session: a byte no UTF-8 text holds
    private static final byte SEPARATOR = (byte) 0xFF;
    // buckets counted at once: a few commands in flight on the pool, not 1,024
    private static final int LIVE_COUNT_CONCURRENCY = 8;
    // far beyond the flags' 90 days: what it must remember after that is only that the account signed in before (an
    // account back after a year counts as new and gets no flag; docs/adr/0013)
    private static final Duration SIGN_IN_HISTORY_TTL = Duration.ofDays(365);
    private static final long DEACTIVATED = -1;
    private static final long ACCOUNT_CHANGED = -2;
    private static final long CANDIDATES_CHANGED = -3;
    // a sign-in of the same user that changes the index between the read and the script makes it read again
    private static final int OPEN_ATTEMPTS = 3;
    // a lowered cap is reached over the following sign-ins rather than by one long script
    private static final int EVICTIONS_PER_OPEN = 8;

    private final ReactiveRedisDataSource redis;
    private final RedisKeys keys;
    private final Clock clock;
    private final int waitReplicas;
    private final Duration waitTimeout;
    private final String channel;

    SessionStore(ReactiveRedisDataSource redis, RedisKeys keys, Clock clock, RegistryConfig config) {
        this.clock = clock;
        this.redis = redis;
        this.keys = keys;
        this.channel = config.revocation().channel();
        // a session's start and refresh append history events: answered only once a replica holds them
        this.waitReplicas = config.redisWaitReplicas();
        this.waitTimeout = config.redisWaitTimeout();
    }

    /**
     * Writes a new session, its indexes and SIGNED_IN atomically, unless the account is deactivated (403) or its epoch
     * is no longer {@code accountEpoch} (409, when given): checked in the same script, so a deactivation that has
     * marked the account can never be followed by a session opened with what was read before it. Beyond
     * {@code maxSessions} (0: no cap) the same script ends the user's least recently active sessions (SESSION_LIMIT),
     * announced as {@code announcement} says.
     */
    public Uni<Opened> create(
            LiveSession session,
            Place place,
            String userAgent,
            Long accountEpoch,
            int maxSessions,
            RevocationService.Announcement announcement) {
        return create(session, place, userAgent, accountEpoch, maxSessions, announcement, OPEN_ATTEMPTS);
    }

    private Uni<Opened> create(
            LiveSession session,
            Place place,
            String userAgent,
            Long accountEpoch,
            int maxSessions,
            RevocationService.Announcement announcement,
            int attemptsLeft) {
        String uid = session.userId();
        // the cap may end any of the user's sessions: the script is given the keys of all of them
        Uni<List<String>> candidates = maxSessions > 0
                ? redis.execute(Command.ZRANGE, keys.userSessions(uid), "0", "-1")
                        .map(SessionStore::strings)
                : Uni.createFrom().item(List.of());
        return candidates
                .chain(sids -> OPEN.runReplicated(
                        redis,
                        openKeys(session, sids),
                        openArgs(session, place, userAgent, accountEpoch, maxSessions, announcement, sids),
                        waitReplicas,
                        waitTimeout))
                .chain(reply -> {
                    if (reply.type() == ResponseType.MULTI) {
                        return Uni.createFrom().item(new Opened(session, reply));
                    }
                    long result = reply.toLong();
                    if (result == DEACTIVATED) {
                        throw Problems.problem(
                                jakarta.ws.rs.core.Response.Status.FORBIDDEN, "The account is deactivated.");
                    }
                    if (result == ACCOUNT_CHANGED) {
                        throw Problems.problem(
                                jakarta.ws.rs.core.Response.Status.CONFLICT,
                                "The account changed while the session was being opened.");
                    }
                    if (result == CANDIDATES_CHANGED && attemptsLeft > 1) {
                        return create(
                                session, place, userAgent, accountEpoch, maxSessions, announcement, attemptsLeft - 1);
                    }
                    throw new IllegalStateException("open_session answered " + result);
                });
    }

    private List<String> openKeys(LiveSession session, List<String> candidates) {
        String uid = session.userId();
        String bucket = RedisKeys.bucketOfUser(uid);
        List<String> list = new ArrayList<>(7 + 3 * candidates.size());
        list.addAll(List.of(
                keys.session(session.id()),
                keys.userSessions(uid),
                keys.expiryIndex(bucket),
                keys.outbox(bucket),
                keys.account(uid),
                keys.revokedIndex(bucket),
                keys.signIns(uid)));
        for (String candidate : candidates) {
            list.add(keys.session(candidate));
            list.add(keys.revoked(candidate));
            list.add(keys.refreshChain(candidate));
        }
        return list;
    }

    private List<String> openArgs(
            LiveSession session,
            Place place,
            String userAgent,
            Long accountEpoch,
            int maxSessions,
            RevocationService.Announcement announcement,
            List<String> candidates) {
        List<String> args = new ArrayList<>(33 + 2 * candidates.size());
        args.addAll(List.of(
                session.userId(),
                session.id(),
                millis(session.createdAt()),
                millis(session.expiresAt()),
                millis(session.maxExpiresAt()),
                session.rememberMe() ? "1" : "0",
                orEmpty(session.ipAddress())));
        args.addAll(SessionFields.values(session.device()));
        args.addAll(SessionFields.values(session.location()));
        args.addAll(List.of(
                UUID.randomUUID().toString(),
                orEmpty(userAgent),
                Long.toString(RedisKeys.EXPIRY_INDEX_TTL.toMillis()),
                accountEpoch == null ? "" : accountEpoch.toString(),
                Integer.toString(Math.max(0, maxSessions)),
                Long.toString(announcement.denylistTtlMillis()),
                announcement.channel(),
                announcement.ackId(),
                announcement.ackChannel(),
                session.mfa() ? "1" : "0",
                SignInFlags.join(session.flags()),
                SignInHistory.deviceFamily(session.device()),
                session.location() == null ? "" : session.location().countryCode(),
                place != null && place.hasCoordinates() ? place.latitude() + "," + place.longitude() : "",
                millis(session.createdAt().minus(SignInFlags.WINDOW)),
                Long.toString(SIGN_IN_HISTORY_TTL.toMillis()),
                Integer.toString(EVICTIONS_PER_OPEN),
                Integer.toString(candidates.size())));
        for (String candidate : candidates) {
            args.add(candidate);
            args.add(UUID.randomUUID().toString());
        }
        return args;
    }

    /**
     * How many sessions are live across every instance: the expiry indexes' members whose deadline has not passed (one
     * ZCOUNT, O(log n), per bucket); those past it but not swept yet are not counted. The one read behind
     * {@code sessions_live}.
     */
    public Uni<Long> liveCount() {
        String now = "(" + clock.millis();
        return Multi.createFrom()
                .iterable(RedisKeys.buckets())
                .onItem()
                .transformToUni(bucket -> redis.execute(Command.ZCOUNT, keys.expiryIndex(bucket), now, "+inf")
                        .map(reply -> reply == null ? 0L : reply.toLong()))
                .merge(LIVE_COUNT_CONCURRENCY)
                .collect()
                .with(Collectors.summingLong(Long::longValue));
    }

    /**
     * What a refresh writes: the session's new deadline {@code expiresAt} (never past its maximum), the request's
     * address and its location, and a device read anew ({@code device}, null: the device stays) with the digest of
     * the headers it was read from ({@code deviceDigest}, ClientHints.digest).
     */
    public record Extension(
            String sessionId,
            String ipAddress,
            Location location,
            Instant expiresAt,
            Device device,
            String deviceDigest) {}

    /**
     * Extends a live session and records the address; {@code userId}, when the caller knows the session's user, spares
     * reading it first.
     *
     * @return the owner, the new deadline and the account's cached roles, or empty when the session is not live (or is
     *     not {@code userId}'s)
     */
    public Uni<Optional<Refreshed>> refresh(Extension extension, String userId) {
        String sessionId = extension.sessionId();
        if (userId != null) {
            // the caller named the session's user (auth-service, from the refresh chain): the script compares it with
            // the session's own and refuses another; a user of another bucket cannot own the session at all, and its
            // keys would be of another slot than the session's
            return RedisKeys.inBucketOf(userId, sessionId)
                    ? extend(extension, userId)
                    : Uni.createFrom().item(Optional.empty());
        }
        // the user of a session never changes: read first, it names the user's keys the script is given
        return redis.execute(Command.HGET, keys.session(sessionId), SessionFields.USER)
                .chain(owner -> owner == null
                        ? Uni.createFrom().item(Optional.<Refreshed>empty())
                        : extend(extension, owner.toString()));
    }

    private Uni<Optional<Refreshed>> extend(Extension extension, String userId) {
        String sessionId = extension.sessionId();
        String bucket = RedisKeys.bucketOfSession(sessionId);
        List<String> scriptKeys = List.of(
                keys.session(sessionId),
                keys.revoked(sessionId),
                keys.account(userId),
                keys.userSessions(userId),
                keys.expiryIndex(bucket),
                keys.outbox(bucket));
        List<String> args = new ArrayList<>(16);
        args.addAll(List.of(
                sessionId,
                Long.toString(clock.millis()),
                millis(extension.expiresAt()),
                orEmpty(extension.ipAddress())));
        args.addAll(SessionFields.values(extension.location()));
        args.addAll(
                List.of(UUID.randomUUID().toString(), userId, Long.toString(RedisKeys.EXPIRY_INDEX_TTL.toMillis())));
        // a device read anew (client hints); none: the device stays as it was
        args.addAll(
                extension.device() == null ? List.of("", "", "", "", "") : SessionFields.values(extension.device()));
        args.add(orEmpty(extension.deviceDigest()));
        args.add(channel);
        return REFRESH.runReplicated(redis, scriptKeys, args, waitReplicas, waitTimeout)
                .map(reply -> reply == null || reply.size() < 2
                        ? Optional.empty()
                        : Optional.of(new Refreshed(
                                reply.get(0).toString(),
                                Instant.ofEpochMilli(reply.get(1).toLong()),
                                reply.size() > 2 && reply.get(2) != null
                                        ? roles(reply.get(2).toString())
                                        : null)));
    }

    /** The user's recent sign-ins, for the flags of the next one. */
    public Uni<SignInHistory> signIns(String userId) {
        return redis.execute(Command.HGETALL, keys.signIns(userId)).map(reply -> SignInHistory.of(fields(reply)));
    }

    /** One live session of a user, if it is live. */
    public Uni<Optional<LiveSession>> find(String userId, String sessionId) {
        return redis.execute(Command.HGETALL, keys.session(sessionId))
                .map(reply -> Optional.ofNullable(toSession(userId, sessionId, fields(reply))));
    }

    /**
     * A page of a user's live sessions, most recently active first, from rank {@code first} on, in one script call
     * (the script reads the index range itself; ADR 18). With {@code currentSessionId}, that session comes first
     * when it is live, wherever it ranks, and is not repeated where the page meets it.
     */
    public Uni<SessionPage> page(String userId, String currentSessionId, long first, int size) {
        String index = keys.userSessions(userId);
        String stem = keys.sessionKeyStem(RedisKeys.bucketOfUser(userId));
        String current = currentSessionId == null ? "" : currentSessionId;
        List<String> scriptKeys = current.isEmpty() ? List.of(index) : List.of(index, keys.session(current));
        List<String> args = new ArrayList<>(4 + SessionFields.LISTED.size());
        args.addAll(List.of(stem, Long.toString(first), Integer.toString(size), current));
        args.addAll(SessionFields.LISTED);
        return LIST.run(redis, scriptKeys, args).map(reply -> toPage(userId, reply));
    }

    /** Records activity now; a no-op for an ended session. */
    public Uni<Void> touch(String userId, String sessionId, long now) {
        return TOUCH.run(
                        redis,
                        List.of(keys.session(sessionId), keys.userSessions(userId)),
                        List.of(Long.toString(now), sessionId, userId, channel))
                .replaceWithVoid();
    }

    private static SessionPage toPage(String userId, Response reply) {
        long total = reply.get(0).toLong();
        long next = reply.get(1).toLong();
        List<LiveSession> sessions = new ArrayList<>(reply.size() / 2);
        for (int i = 2; i + 1 < reply.size(); i += 2) {
            LiveSession session = listed(
                    userId, reply.get(i).toString(), unpack(reply.get(i + 1).toBytes()));
            if (session != null) {
                sessions.add(session);
            }
        }
        return new SessionPage(sessions, total, next);
    }

    /**
     * The values list_sessions.lua joined into one string in the order of {@link SessionFields#LISTED}, separated by the
     * byte 255, which UTF-8 never holds; an absent field reads as empty, as the fields' readers treat it.
     */
    private static String[] unpack(byte[] joined) {
        String[] values = new String[SessionFields.LISTED.size()];
        int start = 0;
        for (int i = 0; i < values.length; i++) {
            int end = start;
            while (end < joined.length && joined[end] != SEPARATOR) {
                end++;
            }
            values[i] = end == start ? "" : new String(joined, start, end - start, StandardCharsets.UTF_8);
            start = end + 1;
        }
        return values;
    }

    /** A listed session from its values in the order of {@link SessionFields#LISTED}; null when it is not the user's. */
    private static LiveSession listed(String userId, String sessionId, String[] v) {
        if (v[3].isEmpty() || !userId.equals(v[0])) {
            return null;
        }
        Device device = SessionFields.device(v[7], v[8], v[9], v[10], v[11]);
        return new LiveSession(
                sessionId,
                userId,
                instant(v[1]),
                instant(v[2]),
                instant(v[3]),
                instant(v[4]),
                "1".equals(v[5]),
                emptyToNull(v[6]),
                device == null ? Device.unknown() : device,
                SessionFields.location(v[12], v[13], v[14]),
                "1".equals(v[15]),
                SignInFlags.parse(v[16]));
    }

    private static List<String> strings(Response reply) {
        List<String> values = new ArrayList<>(reply == null ? 0 : reply.size());
        if (reply != null) {
            for (Response item : reply) {
                values.add(item.toString());
            }
        }
        return values;
    }

    private static Map<String, String> fields(Response reply) {
        Map<String, String> fields = new HashMap<>();
        if (reply == null) {
            return fields;
        }
        for (int i = 0; i + 1 < reply.size(); i += 2) {
            fields.put(reply.get(i).toString(), reply.get(i + 1).toString());
        }
        return fields;
    }

    private static LiveSession toSession(String userId, String sessionId, Map<String, String> f) {
        // a session id that is not the user's reads as no session, as when the key held the user
        if (f.get("e") == null || !userId.equals(f.get(SessionFields.USER))) {
            return null;
        }
        Device device = SessionFields.device(f);
        return new LiveSession(
                sessionId,
                userId,
                instant(f.get("c")),
                instant(f.get("l")),
                instant(f.get("e")),
                instant(f.get("m")),
                "1".equals(f.get("r")),
                emptyToNull(f.get("ip")),
                device == null ? Device.unknown() : device,
                SessionFields.location(f),
                "1".equals(f.get("mfa")),
                SignInFlags.parse(f.get("fl")));
    }

    private static Instant instant(String millis) {
        return millis == null || millis.isEmpty() ? null : Instant.ofEpochMilli(Long.parseLong(millis));
    }

    private static String millis(Instant instant) {
        return Long.toString(instant.toEpochMilli());
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }

    private static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }

    /** A session just opened, and the script's account of the sessions it ended for the cap. */
    public record Opened(LiveSession session, Response endings) {}

    /** The result of a refresh; {@code roles}: the account's roles cached for its current epoch, else null. */
    public record Refreshed(String userId, Instant expiresAt, List<String> roles) {}

    /** Roles as auth-service caches them in the account's hash: comma-separated ({@code AccountStates}). */
    private static List<String> roles(String joined) {
        return Arrays.stream(joined.split(",")).filter(role -> !role.isEmpty()).toList();
    }

    /**
     * A page of sessions, how many the user has in all, and the rank after the page's last one (where the next page
     * starts).
     */
    public record SessionPage(List<LiveSession> sessions, long total, long next) {}
}
