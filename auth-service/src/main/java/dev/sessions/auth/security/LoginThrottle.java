package dev.sessions.auth.security;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.mutiny.redis.client.Response;

import dev.sessions.auth.config.AuthConfig;
import dev.sessions.auth.error.Problems;
import dev.sessions.contract.redis.LuaScript;
import dev.sessions.contract.redis.RedisKeys;

/**
 * Counts failed sign-ins per account and per client address (an IPv6 address by its /64) in Redis, so the limits
 * hold across instances, and refuses further attempts with 429 until the window that began with the first failure
 * has passed. Only a wrong password (or an unknown email) is a failure. Each attempt is reserved before its password
 * is checked, apart from the failures: when the failures and the attempts in flight together would pass a limit, the
 * attempt waits for those to settle (503 with Retry-After if they take too long, counted as nothing), so a burst of
 * parallel guesses gets no more checks than the limit allows while right passwords in parallel are never refused.
 */
@ApplicationScoped
public class LoginThrottle {

    private static final LuaScript RESERVE = LuaScript.load("attempt_reserve");
    private static final LuaScript SETTLE = LuaScript.load("attempt_settle");
    private static final String DETAIL = "Too many failed sign-in attempts; try again later.";
    private static final String BUSY = "Too many sign-in attempts are being checked at once; try again shortly.";
    /** Longer than any check (hash queue, hash, user store): a reservation never settled lapses after it. */
    private static final Duration LEASE = Duration.ofSeconds(30);

    private static final Duration BUSY_POLL = Duration.ofMillis(100);
    private static final int BUSY_POLLS = 30;

    private final ReactiveRedisDataSource redis;
    private final Vertx vertx;
    private final AuthConfig.Login config;

    LoginThrottle(ReactiveRedisDataSource redis, Vertx vertx, AuthConfig config) {
        this.redis = redis;
        this.vertx = vertx;
        this.config = config.login();
    }

    /**
     * Runs a sign-in's password check under a reservation on the account and the address: 429 when either has used
     * up its failures. The check settles the attempt; one that ends otherwise (failure, cancellation) counts as nothing.
     */
    public <T> Uni<T> signIn(String email, String address, Function<Attempt, Uni<T>> check) {
        return guarded(
                List.of(
                        accountKey(email),
                        pendingKey(accountKey(email)),
                        addressKey(address),
                        pendingKey(addressKey(address))),
                List.of(config.maxFailuresPerAccount(), config.maxFailuresPerAddress()),
                true,
                check);
    }

    /** As {@link #signIn} for the password check of a signed-in user: the account only, and a right password forgives nothing. */
    public <T> Uni<T> passwordCheck(String email, Function<Attempt, Uni<T>> check) {
        return guarded(
                List.of(accountKey(email), pendingKey(accountKey(email))),
                List.of(config.maxFailuresPerAccount()),
                false,
                check);
    }

    /** The Redis key counting an account's failures. */
    public static String accountKey(String email) {
        return RedisKeys.loginFailuresOfAccount(email);
    }

    /** The Redis key counting the failures of an address's block. */
    public static String addressKey(String address) {
        return RedisKeys.loginFailuresOfAddress(address);
    }

    /** The Redis key of the attempts in flight on a counter. */
    public static String pendingKey(String failuresKey) {
        return RedisKeys.pendingAttempts(failuresKey);
    }

    /** A reserved attempt, settled exactly once: the first of its outcomes counts. */
    public final class Attempt {

        private final String id = UUID.randomUUID().toString();
        private final List<String> keys;
        private final boolean forgives;
        private final AtomicBoolean settled = new AtomicBoolean();

        private Attempt(List<String> keys, boolean forgives) {
            this.keys = keys;
            this.forgives = forgives;
        }

        /** The password was right: a sign-in forgives the account's failures, the reservation is taken back. */
        public Uni<Void> succeeded() {
            return settle(forgives ? "forgiven" : "released");
        }

        /**
         * The password was right but a second factor is still owed: the reservation is taken back and nothing is
         * forgiven, so that signing in again with the password cannot wipe out the failures of wrong codes.
         */
        public Uni<Void> secondFactorPending() {
            return settle("released");
        }

        /** The password was wrong (or the email unknown): one failure on every counter. */
        public Uni<Void> failed() {
            return settle("failed");
        }

        /** The attempt ended without an answer about its password: counted as nothing. */
        Uni<Void> released() {
            // best effort: a reservation that cannot be taken back lapses with its lease
            return settle("released").onFailure().recoverWithNull();
        }

        private Uni<Void> settle(String outcome) {
            if (!settled.compareAndSet(false, true)) {
                return Uni.createFrom().voidItem();
            }
            return SETTLE.run(
                            redis,
                            keys,
                            List.of(
                                    id,
                                    outcome,
                                    Long.toString(config.failureWindow().toMillis())))
                    .replaceWithVoid();
        }
    }

    private <T> Uni<T> guarded(
            List<String> keys, List<Integer> limits, boolean forgives, Function<Attempt, Uni<T>> check) {
        Attempt attempt = new Attempt(keys, forgives);
        return reserved(attempt, limits)
                .chain(() -> check.apply(attempt)
                        .onFailure()
                        .call(attempt::released)
                        .onCancellation()
                        .call(attempt::released));
    }

    /** The reservation, taken back at once if the request was cancelled (its client went away) while it was made. */
    private Uni<Void> reserved(Attempt attempt, List<Integer> limits) {
        return Uni.createFrom().emitter(emitter -> {
            AtomicBoolean cancelled = new AtomicBoolean();
            emitter.onTermination(() -> cancelled.set(true));
            reserve(attempt, limits, BUSY_POLLS, cancelled)
                    .subscribe()
                    .with(
                            done -> {
                                if (cancelled.get()) {
                                    attempt.released().subscribe().with(released -> {});
                                } else {
                                    emitter.complete(null);
                                }
                            },
                            emitter::fail);
        });
    }

    private Uni<Void> reserve(Attempt attempt, List<Integer> limits, int pollsLeft, AtomicBoolean cancelled) {
        List<String> args = new ArrayList<>(limits.size() + 2);
        args.add(attempt.id);
        args.add(Long.toString(LEASE.toMillis()));
        limits.forEach(limit -> args.add(Integer.toString(limit)));
        return RESERVE.run(redis, attempt.keys, args).chain(reply -> switch (reply.get(0)
                .toInteger()) {
            case 0 -> Uni.createFrom().voidItem();
            case 1 -> Uni.createFrom().failure(Problems.tooManyRequests(DETAIL, (remainingMs(reply) + 999) / 1000));
            // a request whose client went away stops waiting
            default ->
                pollsLeft == 0 || cancelled.get()
                        ? Uni.createFrom().failure(Problems.unavailableRetryAfter(BUSY, 1))
                        : later(BUSY_POLL).chain(() -> reserve(attempt, limits, pollsLeft - 1, cancelled));
        });
    }

    private static long remainingMs(Response reply) {
        return reply.get(1).toLong();
    }

    /** Completes after a delay on the caller's Vert.x context, where the request's later steps must run. */
    private Uni<Void> later(Duration delay) {
        return Uni.createFrom().emitter(emitter -> vertx.setTimer(delay.toMillis(), id -> emitter.complete(null)));
    }
}
