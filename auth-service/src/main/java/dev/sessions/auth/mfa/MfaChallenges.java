package dev.sessions.auth.mfa;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;

import dev.sessions.contract.redis.LuaScript;
import dev.sessions.contract.redis.RedisKeys;

/**
 * Sign-ins waiting for their second factor, in Redis under the SHA-256 of their {@code mfaToken} (256 random bits,
 * never stored): {@link #LIFETIME} long, void after {@link #MAX_CODES} codes, spent by the first right one.
 */
@ApplicationScoped
public class MfaChallenges {

    /** How long a second step may wait (the contract's expiresIn: 300). */
    public static final Duration LIFETIME = Duration.ofMinutes(5);
    /** Codes one second step accepts before it is void. */
    public static final int MAX_CODES = 5;

    private static final LuaScript CREATE = LuaScript.load("mfa_challenge_create");
    private static final LuaScript TRY = LuaScript.load("mfa_challenge_try");
    private static final int TOKEN_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ReactiveRedisDataSource redis;
    private final RedisKeys keys;

    MfaChallenges(ReactiveRedisDataSource redis, RedisKeys keys) {
        this.redis = redis;
        this.keys = keys;
    }

    /** Whose second step a token opens, and the "remember me" asked for at the first step. */
    public record Challenge(String userId, String email, boolean rememberMe) {}

    /** Opens a second step for the user and returns its token. */
    public Uni<String> create(String userId, String email, boolean rememberMe) {
        byte[] random = new byte[TOKEN_BYTES];
        RANDOM.nextBytes(random);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        return CREATE.run(
                        redis,
                        List.of(key(token)),
                        List.of(userId, email, rememberMe ? "1" : "0", Long.toString(LIFETIME.toMillis())))
                .replaceWith(token);
    }

    /** The step a token opens, without counting a code; empty when it is unknown, expired, spent or void. */
    public Uni<Optional<Challenge>> find(String token) {
        return redis.hash(String.class)
                .hmget(key(token), "uid", "email", "remember")
                .map(fields -> {
                    String uid = fields.get("uid");
                    return uid == null
                            ? Optional.<Challenge>empty()
                            : Optional.of(new Challenge(uid, fields.get("email"), "1".equals(fields.get("remember"))));
                });
    }

    /** Counts one code presented with the token; empty when the step is unknown, expired, spent or void. */
    public Uni<Optional<Challenge>> attempt(String token) {
        return TRY.run(redis, List.of(key(token)), List.of(Integer.toString(MAX_CODES)))
                .map(reply -> reply == null || reply.size() < 3 || reply.get(0) == null
                        ? Optional.empty()
                        : Optional.of(new Challenge(
                                reply.get(0).toString(),
                                reply.get(1).toString(),
                                "1".equals(reply.get(2).toString()))));
    }

    /** Spends the step: true for exactly one caller. */
    public Uni<Boolean> spend(String token) {
        return redis.key(String.class).del(key(token)).map(deleted -> deleted == 1);
    }

    private String key(String token) {
        try {
            return keys.mfaChallenge(HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8))));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
