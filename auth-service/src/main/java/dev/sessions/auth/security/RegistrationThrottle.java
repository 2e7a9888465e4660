package dev.sessions.auth.security;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;

import dev.sessions.auth.config.AuthConfig;
import dev.sessions.auth.error.Problems;
import dev.sessions.contract.redis.LuaScript;
import dev.sessions.contract.redis.RedisKeys;

/**
 * Counts registrations per client address (an IPv6 address by its /64) in Redis before any password is hashed, and
 * refuses more than {@code auth.registration.max-per-address} in a window with 429: hashing is the expensive step an
 * unauthenticated client could otherwise order at will.
 */
@ApplicationScoped
public class RegistrationThrottle {

    private static final LuaScript COUNT = LuaScript.load("registration_count");
    private static final String DETAIL = "Too many registrations from this address; try again later.";

    private final ReactiveRedisDataSource redis;
    private final RedisKeys keys;
    private final AuthConfig.Registration config;

    RegistrationThrottle(ReactiveRedisDataSource redis, RedisKeys keys, AuthConfig config) {
        this.redis = redis;
        this.keys = keys;
        this.config = config.registration();
    }

    /** Counts a well-formed registration from this address; 429 with Retry-After when the address has used its share. */
    public Uni<Void> take(String address) {
        return run(address, "take")
                .invoke(remainingMs -> {
                    if (remainingMs > 0) {
                        throw Problems.tooManyRequests(DETAIL, (remainingMs + 999) / 1000);
                    }
                })
                .replaceWithVoid();
    }

    /** Takes back a registration that ended without an answer (an outage): only 201 and 409 count. */
    public Uni<Void> giveBack(String address) {
        return run(address, "give-back").replaceWithVoid().onFailure().recoverWithNull();
    }

    /** The Redis key counting an address block's registrations. */
    public String addressKey(String address) {
        return keys.registrationsOfAddress(address);
    }

    private Uni<Long> run(String address, String action) {
        return COUNT.run(
                        redis,
                        List.of(addressKey(address)),
                        List.of(
                                action,
                                Integer.toString(config.maxPerAddress()),
                                Long.toString(config.window().toMillis())))
                .map(reply -> reply.toLong());
    }
}
