package dev.sessions.auth.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
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
 * refuses further attempts with 429 until the window that began with the first failure has passed. Each attempt is
 * reserved on both counters before its password is checked and stays counted unless it succeeds, so a burst of
 * parallel guesses gets no more checks than the limit allows.
 */
@Singleton
public class LoginThrottle {

    private static final RedisScript RESERVE = RedisScript.load("attempt-reserve");
    private static final RedisScript SUCCEEDED = RedisScript.load("attempt-succeeded");
    private static final String DETAIL = "Too many failed sign-in attempts; try again later.";

    private final ReactiveRedisDataSource redis;
    private final AuthConfig.Login config;

    LoginThrottle(ReactiveRedisDataSource redis, AuthConfig config) {
        this.redis = redis;
        this.config = config.login();
    }

    /** Reserves a sign-in attempt on the account and the address; fails with 429 when either has used up its failures. */
    public Uni<Void> reserve(String email, String address) {
        return reserve(List.of(accountKey(email), addressKey(address)),
                List.of(config.maxFailuresPerAccount(), config.maxFailuresPerAddress()));
    }

    /** Reserves an attempt on the account only (a password check by a signed-in user); 429 when it is used up. */
    public Uni<Void> reserveAccount(String email) {
        return reserve(List.of(accountKey(email)), List.of(config.maxFailuresPerAccount()));
    }

    /** The password was right: the account's failures are forgiven, the address's reservation taken back. */
    public Uni<Void> signedIn(String email, String address) {
        return SUCCEEDED.run(redis, List.of(accountKey(email), addressKey(address)), List.of("1")).replaceWithVoid();
    }

    /** The password was right: the account's reservation is taken back (its earlier failures stand). */
    public Uni<Void> passwordConfirmed(String email) {
        return SUCCEEDED.run(redis, List.of(accountKey(email)), List.of("0")).replaceWithVoid();
    }

    /** The Redis key counting an account's failures. */
    public static String accountKey(String email) {
        return "login:fail:acct:" + sha256(email.trim().toLowerCase(Locale.ROOT));
    }

    /** The Redis key counting an address's failures. */
    public static String addressKey(String address) {
        return "login:fail:addr:" + (address == null ? "unknown" : address);
    }

    private Uni<Void> reserve(List<String> keys, List<Integer> limits) {
        List<String> args = new ArrayList<>(limits.size() + 1);
        args.add(Long.toString(config.failureWindow().toMillis()));
        limits.forEach(limit -> args.add(Integer.toString(limit)));
        return RESERVE.run(redis, keys, args)
                .invoke(reply -> {
                    long remainingMs = reply.toLong();
                    if (remainingMs > 0) {
                        throw Problems.tooManyRequests(DETAIL, (remainingMs + 999) / 1000);
                    }
                })
                .replaceWithVoid();
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
