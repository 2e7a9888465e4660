package dev.sessions.auth.session;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;

import dev.sessions.auth.config.AuthConfig;
import dev.sessions.contract.redis.LuaScript;
import dev.sessions.contract.redis.RedisKeys;
import dev.sessions.contract.redis.RefreshChainFields;

/**
 * The refresh chains in Redis, each in its session's hash {@code s:{b}:<sid>} (ADR 20; fields: {@code
 * RefreshChainFields}): the current token's hash and when each of the last {@link #KEPT_LINKS} rotated links was
 * presented, beside the session's own fields, so that the chain ends with the session. Rotation is one Lua script: one
 * round trip for the current token, atomic against racing tabs; a token behind it takes a second one with its next
 * {@link #KEPT_LINKS} successors' hashes (a walk of at most that many HMACs): a decision in constant time whatever the
 * chain's age.
 */
@ApplicationScoped
public class RefreshTokenStore {

    private static final LuaScript CREATE = LuaScript.load("refresh_create");
    private static final LuaScript ROTATE = LuaScript.load("refresh_rotate", "session_extend_lib");

    /** How many rotated links a chain knows (previous included): older tokens are unknown, a plain 401. */
    public static final int KEPT_LINKS = 1 + RefreshChainFields.OLDER_LINKS;

    private final ReactiveRedisDataSource redis;
    private final RedisKeys keys;
    private final String channel;

    RefreshTokenStore(ReactiveRedisDataSource redis, RedisKeys keys, AuthConfig config) {
        this.redis = redis;
        this.keys = keys;
        this.channel = config.revocation().channel();
    }

    /**
     * What the chain and its session know about the session's user, enough to mint tokens without PostgreSQL (the
     * roles come from the account's state: a refresh always re-reads them).
     */
    public record ChainOwner(
            String userId, String email, String displayName, boolean rememberMe, Instant maxExpiresAt, boolean mfa) {}

    /** Outcome of presenting a token. */
    public sealed interface Rotation {}

    /** No chain: the session is gone, expired or unknown. */
    public record Gone() implements Rotation {}

    /** The token is none of the chain's known links: forged, or older than {@link #KEPT_LINKS} rotations. */
    public record Unknown() implements Rotation {}

    /**
     * The token is not the current one, and was presented without its successors' hashes: present it again with them
     * ({@link #successorHashes}).
     */
    public record Behind() implements Rotation {}

    /** The token is a rotated link of the chain that may no longer be presented: the session is to be revoked. */
    public record Reused() implements Rotation {}

    /**
     * The token was accepted: rotated now, or a rotated link still answered with the current token, which is
     * {@code steps} successors ahead of the presented one. {@code extendedUntil}: the session's new deadline when the
     * same step extended it (ADR 19), else null: the registry is to extend it; {@code cachedRoles}: then the account's
     * roles cached for its current epoch, or null when none are.
     */
    public record Accepted(
            boolean rotatedNow,
            int steps,
            ChainOwner owner,
            Instant deadline,
            Instant extendedUntil,
            List<String> cachedRoles)
            implements Rotation {}

    /** The key that holds a session's chain: the session's hash. */
    public String key(String sessionId) {
        return keys.session(sessionId);
    }

    /**
     * The token as the chain knows it: itself, or for a cookie issued before the conversion of ADR 4's layout (a
     * session id without a bucket) the same secret under the converted session's id, found through the alias the
     * conversion left (ADR 15); empty when there is none (a session that ended, or a forged id).
     */
    public Uni<Optional<RefreshToken>> resolve(RefreshToken token) {
        if (!RedisKeys.isLegacySessionId(token.sessionId())) {
            return Uni.createFrom().item(Optional.of(token));
        }
        return redis.value(String.class)
                .get(keys.legacySessionAlias(token.sessionId()))
                .map(converted -> Optional.ofNullable(converted)
                        .map(sid -> new RefreshToken(sid, token.userId(), token.secret())));
    }

    /**
     * Starts the chain of a session the registry opened with its first token; a session that ended meanwhile gets
     * none (its cookie is then refused as any of an ended session).
     */
    public Uni<Void> create(RefreshToken first, ChainOwner owner) {
        return CREATE.run(
                        redis,
                        List.of(key(first.sessionId())),
                        List.of(nullToEmpty(owner.email()), nullToEmpty(owner.displayName()), RefreshChain.hash(first)))
                .replaceWithVoid();
    }

    /**
     * Presents a token and its successor; rotates when it is the current one. A token behind the current one is
     * {@link Behind} until it is presented with {@code successorHashes} (empty: none), the hashes of its next
     * {@link #KEPT_LINKS} successors, nearest first, among which the chain finds its current link: such a rotated
     * link is answered when its successor was never presented (up to {@code unusedSuccessorLimit}) or was first
     * presented no more than {@code reuseGrace} ago. An accepted token that names its user has its session extended in the same step when
     * the session is live and the request comes from its address ({@code ip}, null: unknown) with a device that needs
     * no reading ({@code deviceDigest}: ClientHints.digest, null when the device is not read again); ADR 19.
     */
    public Uni<Rotation> rotate(
            RefreshToken presented,
            RefreshToken successor,
            Instant now,
            Duration idleTimeout,
            Duration reuseGrace,
            Duration unusedSuccessorLimit,
            String ip,
            String deviceDigest,
            List<String> successorHashes) {
        List<String> scriptKeys = new ArrayList<>(6);
        scriptKeys.add(key(presented.sessionId()));
        scriptKeys.add(keys.refreshChain(presented.sessionId()));
        List<String> args = new ArrayList<>(14);
        args.addAll(List.of(
                RefreshChain.hash(presented),
                RefreshChain.hash(successor),
                Long.toString(now.toEpochMilli()),
                Long.toString(idleTimeout.toMillis()),
                Long.toString(reuseGrace.toMillis()),
                Long.toString(unusedSuccessorLimit.toMillis()),
                Integer.toString(KEPT_LINKS),
                String.join(",", successorHashes)));
        if (ip != null && presented.namesKeysOfItsSession()) {
            String sessionId = presented.sessionId();
            String userId = presented.userId();
            scriptKeys.addAll(List.of(
                    keys.revoked(sessionId),
                    keys.account(userId),
                    keys.userSessions(userId),
                    keys.expiryIndex(RedisKeys.bucketOfSession(sessionId))));
            args.addAll(List.of(
                    sessionId,
                    userId,
                    ip,
                    nullToEmpty(deviceDigest),
                    Long.toString(RedisKeys.EXPIRY_INDEX_TTL.toMillis()),
                    channel));
        }
        return ROTATE.run(redis, scriptKeys, args).map(RefreshTokenStore::toRotation);
    }

    /**
     * The chain's hashes, rotation times and user, or an empty map when it has none: its session's hash (the chain in
     * it, ADR 20), else a chain of its own key written before.
     */
    public Uni<Map<String, String>> read(String sessionId) {
        return redis.hash(String.class)
                .hgetall(key(sessionId))
                .chain(session -> session.containsKey(RefreshChainFields.CURRENT)
                        ? Uni.createFrom().item(session)
                        : redis.hash(String.class).hgetall(keys.refreshChain(sessionId)));
    }

    /**
     * Drops a session's chain: its fields in the session's hash (whose own fields stay the registry's to end) and a
     * chain of its own key written before.
     */
    public Uni<Void> drop(String sessionId) {
        return redis.hash(String.class)
                .hdel(key(sessionId), RefreshChainFields.inSession().toArray(String[]::new))
                .chain(() -> redis.key(String.class).del(keys.refreshChain(sessionId)))
                .replaceWithVoid();
    }

    private static Rotation toRotation(Response reply) {
        String status = reply.get(0).toString();
        return switch (status) {
            case "GONE" -> new Gone();
            case "UNKNOWN" -> new Unknown();
            case "BEHIND" -> new Behind();
            case "REUSE" -> new Reused();
            case "ROTATED", "GRACE" ->
                new Accepted(
                        "ROTATED".equals(status),
                        Integer.parseInt(text(reply.get(1))),
                        new ChainOwner(
                                text(reply.get(2)),
                                text(reply.get(3)),
                                text(reply.get(4)),
                                "1".equals(text(reply.get(5))),
                                Instant.ofEpochMilli(Long.parseLong(text(reply.get(6)))),
                                "1".equals(text(reply.get(8)))),
                        Instant.ofEpochMilli(Long.parseLong(text(reply.get(7)))),
                        text(reply.get(9)).isEmpty() ? null : Instant.ofEpochMilli(Long.parseLong(text(reply.get(9)))),
                        reply.get(10) == null ? null : roles(text(reply.get(10))));
            default -> throw new IllegalStateException("unexpected rotation status " + status);
        };
    }

    private static String text(Response response) {
        return response == null ? "" : response.toString();
    }

    private static List<String> roles(String joined) {
        return joined.isEmpty() ? List.of() : Arrays.asList(joined.split(","));
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }
}
