package dev.sessions.auth.recovery;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;

import dev.sessions.auth.config.AuthConfig;
import dev.sessions.auth.error.Problems;
import dev.sessions.contract.redis.LuaScript;
import dev.sessions.contract.redis.RedisKeys;

/**
 * Counts reset requests per client address (IPv6 by its /64) and per email, each in a window that starts at its first
 * request, and refuses more than {@code auth.password-reset.max-per-address} / {@code max-per-email} with 429. Known and
 * unknown emails are counted alike, so the answer says nothing about the account. Two counters, two calls: the keys
 * lie in different Redis Cluster slots.
 */
@ApplicationScoped
class ResetThrottle {

    // the same fixed-window counter as registrations: take one, or say how long until the window ends
    private static final LuaScript COUNT = LuaScript.load("registration_count");
    private static final String DETAIL = "Too many password reset requests; try again later.";

    private final ReactiveRedisDataSource redis;
    private final RedisKeys keys;
    private final AuthConfig.PasswordReset config;

    ResetThrottle(ReactiveRedisDataSource redis, RedisKeys keys, AuthConfig config) {
        this.redis = redis;
        this.keys = keys;
        this.config = config.passwordReset();
    }

    /** Counts a request from this address for this email; 429 with Retry-After when either has used its share. */
    Uni<Void> take(String address, String email) {
        return take(keys.passwordResetsOfAddress(address), config.maxPerAddress())
                .chain(() -> take(keys.passwordResetsOfEmail(email), config.maxPerEmail()));
    }

    private Uni<Void> take(String key, int limit) {
        return COUNT.run(
                        redis,
                        List.of(key),
                        List.of(
                                "take",
                                Integer.toString(limit),
                                Long.toString(config.window().toMillis())))
                .map(reply -> reply.toLong())
                .invoke(remainingMs -> {
                    if (remainingMs > 0) {
                        throw Problems.tooManyRequests(DETAIL, (remainingMs + 999) / 1000);
                    }
                })
                .replaceWithVoid();
    }
}
