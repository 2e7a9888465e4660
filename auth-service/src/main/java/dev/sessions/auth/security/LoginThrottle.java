package dev.sessions.auth.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

import jakarta.inject.Singleton;

import dev.sessions.auth.config.AuthConfig;
import dev.sessions.auth.config.RedisScript;
import dev.sessions.auth.error.Problems;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;

/**
 * Counts failed sign-ins per account and per client address in Redis (so the limits hold across instances) and
 * refuses further attempts with 429 until the window that began with the first failure has passed.
 */
@Singleton
public class LoginThrottle {

    private static final RedisScript STATE = RedisScript.load("counter-state");
    private static final RedisScript INCREMENT = RedisScript.load("counter-increment");
    private static final String DETAIL = "Too many failed sign-in attempts; try again later.";

    private final ReactiveRedisDataSource redis;
    private final AuthConfig.Login config;

    LoginThrottle(ReactiveRedisDataSource redis, AuthConfig config) {
        this.redis = redis;
        this.config = config.login();
    }

    /** Fails with 429 when the account or the address has used up its failures. */
    public Uni<Void> checkAllowed(String email, String address) {
        return Uni.combine().all()
                .unis(blockedFor(accountKey(email), config.maxFailuresPerAccount()),
                        blockedFor(addressKey(address), config.maxFailuresPerAddress()))
                .asTuple()
                .map(blocked -> Math.max(blocked.getItem1(), blocked.getItem2()))
                .invoke(LoginThrottle::refuseIfBlocked)
                .replaceWithVoid();
    }

    /** Fails with 429 when the account has used up its failures. */
    public Uni<Void> checkAccountAllowed(String email) {
        return blockedFor(accountKey(email), config.maxFailuresPerAccount())
                .invoke(LoginThrottle::refuseIfBlocked)
                .replaceWithVoid();
    }

    /** Counts a failed attempt against the account and the address. */
    public Uni<Void> recordFailure(String email, String address) {
        return Uni.combine().all()
                .unis(increment(accountKey(email)), increment(addressKey(address)))
                .discardItems();
    }

    /** Counts a failed attempt against the account only. */
    public Uni<Void> recordAccountFailure(String email) {
        return increment(accountKey(email));
    }

    /** A successful sign-in forgives the account's failures, not the address's. */
    public Uni<Void> resetAccount(String email) {
        return redis.key(String.class).del(accountKey(email)).replaceWithVoid();
    }

    /** The Redis key counting an account's failures. */
    public static String accountKey(String email) {
        return "login:fail:acct:" + sha256(email.trim().toLowerCase(Locale.ROOT));
    }

    /** The Redis key counting an address's failures. */
    public static String addressKey(String address) {
        return "login:fail:addr:" + (address == null ? "unknown" : address);
    }

    private Uni<Long> blockedFor(String key, int limit) {
        return STATE.run(redis, List.of(key), List.of())
                .map(reply -> {
                    long failures = reply.get(0).toLong();
                    long remainingMs = reply.get(1).toLong();
                    return failures >= limit ? Math.max(1, (remainingMs + 999) / 1000) : 0L;
                });
    }

    private Uni<Void> increment(String key) {
        return INCREMENT.run(redis, List.of(key), List.of(Long.toString(config.failureWindow().toMillis())))
                .replaceWithVoid();
    }

    private static void refuseIfBlocked(long retryAfterSeconds) {
        if (retryAfterSeconds > 0) {
            throw Problems.tooManyRequests(DETAIL, retryAfterSeconds);
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
