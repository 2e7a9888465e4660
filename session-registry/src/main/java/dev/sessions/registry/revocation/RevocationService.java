package dev.sessions.registry.revocation;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import dev.sessions.contract.redis.LuaScript;
import dev.sessions.contract.redis.RedisKeys;
import dev.sessions.registry.config.RegistryConfig;
import dev.sessions.registry.redis.SessionFields;

/**
 * What happens when a session ends, of whatever kind (sign-out, every revocation reason, expiry): one Lua script
 * ({@code end_sessions.lua}) removes the live state, writes the denylist entry, appends the history event and
 * announces the revocation on the pub/sub channel, atomically. This instance also updates its near-cache at once,
 * and a revocation answers once every subscriber of the channel has acknowledged it (ADR 3), or else once every
 * instance that did not has lost its lease to answer from memory (ADR 7), so that from the moment the call returns
 * every instance refuses the session.
 */
@ApplicationScoped
public class RevocationService {

    private static final Logger LOG = Logger.getLogger(RevocationService.class);
    /** The library every script that ends sessions is loaded with. */
    public static final String LIBRARY = "end_session_lib";

    private static final LuaScript END_SESSIONS = LuaScript.load("end_sessions", LIBRARY);
    private static final LuaScript REPORT_SESSION = LuaScript.load("report_session", LIBRARY);
    private static final LuaScript SESSION_OWNERS = LuaScript.load("session_owners");
    private static final Duration DENYLIST_MARGIN = Duration.ofMinutes(1);

    private final ReactiveRedisDataSource redis;
    private final RedisKeys keys;
    private final Denylist denylist;
    private final String channel;
    private final Duration denylistTtl;
    private final int batchSize;
    private final Duration ackWait;
    private final Duration lease;
    private final Clock clock;
    private final boolean countsSubscribers;
    private final int waitReplicas;
    private final Duration waitTimeout;

    RevocationService(
            ReactiveRedisDataSource redis,
            RedisKeys keys,
            Denylist denylist,
            RegistryConfig config,
            Clock clock,
            @ConfigProperty(name = "quarkus.redis.client-type", defaultValue = "standalone") String clientType) {
        this.clock = clock;
        // PUBLISH on a cluster counts the subscribers of the node that ran it, not of the cluster: there only the
        // members named by their heartbeats are waited for (ADR 3)
        this.countsSubscribers = !"cluster".equalsIgnoreCase(clientType);
        this.waitReplicas = config.redisWaitReplicas();
        this.waitTimeout = config.redisWaitTimeout();
        this.redis = redis;
        this.keys = keys;
        this.denylist = denylist;
        this.channel = config.revocation().channel();
        this.denylistTtl = denylistTtl(config);
        this.batchSize = Math.max(1, config.sessions().revokeBatchSize());
        this.lease = config.revocation().lease();
        // an answer without every acknowledgement is safe only once every lease that may be stale has run out
        this.ackWait = config.revocation().ackWait().compareTo(lease) > 0
                ? config.revocation().ackWait()
                : lease;
    }

    /**
     * How long a revoked session stays on the denylist: past the end of every token the registry still accepts. A
     * token issued at {@code iat} is accepted until {@code iat + max-lifetime + skew} by this clock, and {@code iat}
     * may lie up to one skew ahead of it (auth-service's clock) and a little after the revocation (a refresh in
     * flight): hence the lifetime, twice the skew and a minute.
     */
    public static Duration denylistTtl(RegistryConfig config) {
        return config.token()
                .maxLifetime()
                .plus(config.token().clockSkew().multipliedBy(2))
                .plus(DENYLIST_MARGIN);
    }

    /**
     * Ends one live session. With an owner, a session of someone else is left alone (the caller cannot tell).
     *
     * @return whether a live session was ended
     */
    public Uni<Boolean> endSession(String sessionId, String owner, Ending ending) {
        if (owner != null && !RedisKeys.inBucketOf(owner, sessionId)) {
            // another user's session (or none): its keys are in another bucket, and nothing of the owner's ends
            return Uni.createFrom().item(Boolean.FALSE);
        }
        Uni<String> user = owner != null
                ? Uni.createFrom().item(owner)
                : redis.execute(Command.HGET, keys.session(sessionId), SessionFields.USER)
                        .map(reply -> reply == null ? null : reply.toString());
        return user.chain(uid -> uid == null
                        ? Uni.createFrom().item(List.<String>of())
                        : run("session", List.of(sessionId), owner, null, ending, List.of(uid)))
                .map(ended -> !ended.isEmpty());
    }

    /**
     * Revokes one live session of {@code userId} (REPORTED, by the user) and appends the report to the outbox with its
     * {@code SESSION_REPORTED} event, atomically ({@code report_session.lua}); answers once the session is refused
     * everywhere, as every revocation does.
     *
     * @param note  may be null
     * @param email the reporter's email from the token, may be null
     * @return whether a live session of the user was reported; nothing changed when not
     */
    public Uni<Boolean> report(String userId, String sessionId, UUID reportId, String note, String email) {
        if (!RedisKeys.inBucketOf(userId, sessionId)) {
            return Uni.createFrom().item(Boolean.FALSE);
        }
        Announcement announcement = announcement();
        String bucket = RedisKeys.bucketOfSession(sessionId);
        List<String> scriptKeys = List.of(
                keys.expiryIndex(bucket),
                keys.revokedIndex(bucket),
                keys.outbox(bucket),
                keys.session(sessionId),
                keys.revoked(sessionId),
                keys.refreshChain(sessionId),
                keys.userSessions(userId));
        List<String> args = List.of(
                Long.toString(clock.millis()),
                Long.toString(announcement.denylistTtlMillis()),
                announcement.channel(),
                userId,
                sessionId,
                reportId.toString(),
                nullToEmpty(note),
                nullToEmpty(email),
                UUID.randomUUID().toString(),
                UUID.randomUUID().toString(),
                announcement.ackId(),
                announcement.ackChannel());
        return REPORT_SESSION
                .runReplicated(redis, scriptKeys, args, waitReplicas, waitTimeout)
                .chain(reply -> announced(announcement, reply))
                .map(sids -> !sids.isEmpty());
    }

    /** Ends every live session of a user but {@code exceptSessionId} (may be null), in batches; the number ended. */
    public Uni<Integer> endUserSessions(String userId, String exceptSessionId, Ending ending) {
        return endUserBatch(userId, exceptSessionId, ending, 0);
    }

    /**
     * Ends the sessions of {@code sessionIds}, all of one bucket, still past their deadline in the expiry index; the
     * number ended.
     */
    public Uni<Integer> expire(List<String> sessionIds) {
        List<String> sessionKeys = sessionIds.stream().map(keys::session).toList();
        return SESSION_OWNERS
                .run(redis, sessionKeys, List.of())
                .map(owners -> strings(owners).stream()
                        .filter(uid -> !uid.isEmpty())
                        .distinct()
                        .toList())
                .chain(uids -> run("expiry", sessionIds, null, null, Ending.expired(), uids))
                .map(List::size);
    }

    private Uni<Integer> endUserBatch(String userId, String exceptSessionId, Ending ending, int endedSoFar) {
        return redis.execute(Command.ZRANGE, keys.userSessions(userId), "0", Integer.toString(batchSize))
                .map(RevocationService::strings)
                .chain(sids -> {
                    sids.remove(exceptSessionId);
                    if (sids.isEmpty()) {
                        return Uni.createFrom().item(endedSoFar);
                    }
                    return run("session", sids, userId, exceptSessionId, ending, List.of(userId))
                            .chain(ended -> endUserBatch(userId, exceptSessionId, ending, endedSoFar + ended.size()));
                });
    }

    /**
     * Runs {@code end_sessions.lua} on {@code targets}, all in one bucket; {@code uids} are the users whose indexes it
     * is given (a session of anyone else is left alone).
     */
    private Uni<List<String>> run(
            String mode, List<String> targets, String owner, String keep, Ending ending, List<String> uids) {
        // nobody waits on an expiry, and an instance that cannot hear acknowledgements has no use for them
        String ackId =
                "session".equals(mode) && denylist.isLive() ? UUID.randomUUID().toString() : "";
        String bucket = RedisKeys.bucketOfSession(targets.get(0));
        List<String> scriptKeys = new ArrayList<>(3 + 3 * targets.size() + uids.size());
        scriptKeys.add(keys.expiryIndex(bucket));
        scriptKeys.add(keys.revokedIndex(bucket));
        scriptKeys.add(keys.outbox(bucket));
        List<String> args = new ArrayList<>(13 + targets.size() * 2 + uids.size());
        args.add(Long.toString(clock.millis()));
        args.add(Long.toString(denylistTtl.toMillis()));
        args.add(channel);
        args.add(ending.type().name());
        args.add(ending.reason() == null ? "" : ending.reason().name());
        args.add(ending.actor().type().name());
        args.add(nullToEmpty(ending.actor().id()));
        args.add(nullToEmpty(owner));
        args.add(nullToEmpty(keep));
        args.add(mode);
        args.add(ackId);
        args.add(denylist.ackChannel());
        args.add(Integer.toString(targets.size()));
        for (String target : targets) {
            scriptKeys.add(keys.session(target));
            scriptKeys.add(keys.revoked(target));
            scriptKeys.add(keys.refreshChain(target));
            args.add(target);
            args.add(UUID.randomUUID().toString());
        }
        for (String uid : uids) {
            scriptKeys.add(keys.userSessions(uid));
            args.add(uid);
        }
        return END_SESSIONS
                .runReplicated(redis, scriptKeys, args, waitReplicas, waitTimeout)
                .chain(reply -> acknowledged(mode, ackId, reply));
    }

    /**
     * What another script that may end sessions (opening one beyond the user's cap) passes on to
     * {@code end_session_lib.lua}: the denylist TTL, the channel, and an acknowledgement id and channel.
     */
    public Announcement announcement() {
        return new Announcement(
                denylistTtl.toMillis(),
                channel,
                denylist.isLive() ? UUID.randomUUID().toString() : "",
                denylist.ackChannel());
    }

    /**
     * Completes once the sessions such a script ended ({@code {lapse, subscribers, sid...}}) are refused by every
     * instance, as after any revocation; the sids.
     */
    public Uni<List<String>> announced(Announcement announcement, Response reply) {
        return acknowledged("session", announcement.ackId(), reply);
    }

    /** Arguments of a script that may end sessions; see {@link #announcement()}. */
    public record Announcement(long denylistTtlMillis, String channel, String ackId, String ackChannel) {}

    private Uni<List<String>> acknowledged(String mode, String ackId, Response reply) {
        List<String> values = strings(reply);
        long lapse = Long.parseLong(values.get(0));
        int subscribers = countsSubscribers ? Integer.parseInt(values.get(1)) : 0;
        List<String> sids = values.subList(2, values.size());
        // the reasons arrive with this instance's own announcements (or are read from the entries when asked)
        denylist.remember(sids, lapse, null);
        if (sids.isEmpty() || !"session".equals(mode)) {
            return Uni.createFrom().item(sids);
        }
        if (ackId.isEmpty()) {
            // deaf to acknowledgements: wait until any instance still answering from memory has heard of it
            LOG.warnf(
                    "Revocation channel not live on %s: answering after the lease (%s) instead of acknowledgements",
                    denylist.instance(), lease);
            return Uni.createFrom().item(sids).onItem().delayIt().by(lease);
        }
        return denylist.acknowledged(ackId, subscribers, ackWait).replaceWith(sids);
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

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }
}
