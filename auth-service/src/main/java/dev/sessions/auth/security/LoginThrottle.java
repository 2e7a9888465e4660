package dev.sessions.auth.security;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
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

    private static final int RESERVED = 0;
    private static final int LIMIT_REACHED = 1;

    private final ReactiveRedisDataSource redis;
    private final RedisKeys keys;
    private final Vertx vertx;
    private final AuthConfig.Login config;

    LoginThrottle(ReactiveRedisDataSource redis, RedisKeys keys, Vertx vertx, AuthConfig config) {
        this.redis = redis;
        this.keys = keys;
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
                        new Counter(accountKey(email), config.maxFailuresPerAccount()),
                        new Counter(addressKey(address), config.maxFailuresPerAddress())),
                true,
                check);
    }

    /** As {@link #signIn} for the password check of a signed-in user: the account only, and a right password forgives nothing. */
    public <T> Uni<T> passwordCheck(String email, Function<Attempt, Uni<T>> check) {
        return guarded(List.of(new Counter(accountKey(email), config.maxFailuresPerAccount())), false, check);
    }

    /** The Redis key counting an account's failures. */
    public String accountKey(String email) {
        return keys.loginFailuresOfAccount(email);
    }

    /** The Redis key counting the failures of an address's block. */
    public String addressKey(String address) {
        return keys.loginFailuresOfAddress(address);
    }

    /**
     * One failure counter: its failures key and, in the same hash slot, its attempts in flight; each script call
     * touches one counter.
     */
    private record Counter(String failures, int limit) {

        List<String> keys() {
            return List.of(failures, RedisKeys.pendingAttempts(failures));
        }
    }

    /**
     * An attempt's reservations, settled exactly once: the first of its outcomes counts. A request can be cancelled (its
     * client went away) at any step, so neither the reservation nor a settle is cancelled with it: each runs to its end,
     * and whichever of the reservation's end and the cancellation comes second gives the reservations back.
     */
    public final class Attempt {

        private static final int RESERVING = 0;
        private static final int RESERVED = 1;
        /** Ended before it was reserved: the reservation gives itself back when it completes. */
        private static final int ABANDONED = 2;

        private static final int SETTLED = 3;

        private final String id = UUID.randomUUID().toString();
        private final List<Counter> counters;
        private final boolean forgives;
        private final AtomicInteger state = new AtomicInteger(RESERVING);

        private Attempt(List<Counter> counters, boolean forgives) {
            this.counters = counters;
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

        /** The attempt ended without an answer about its password (a failure, a cancellation): counted as nothing. */
        Uni<Void> released() {
            if (state.compareAndSet(RESERVING, ABANDONED)) {
                return Uni.createFrom().voidItem();
            }
            // best effort: a reservation that cannot be taken back lapses with its lease
            return settle("released").onFailure().recoverWithNull();
        }

        /** Whether the attempt still wants the reservation just made on every counter (else it was given back). */
        boolean reservedAll() {
            if (state.compareAndSet(RESERVING, RESERVED)) {
                return true;
            }
            detached(giveBack(counters.size()));
            return false;
        }

        boolean abandoned() {
            return state.get() == ABANDONED;
        }

        private Uni<Void> settle(String outcome) {
            if (!state.compareAndSet(RESERVED, SETTLED)) {
                return Uni.createFrom().voidItem();
            }
            // only the first counter's (the account's) failures are forgiven
            return detached(settleFrom(0, counters.size(), outcome));
        }

        /** Settles counters {@code from} (inclusive) to {@code to} (exclusive), one script call each. */
        private Uni<Void> settleFrom(int from, int to, String outcome) {
            if (from >= to) {
                return Uni.createFrom().voidItem();
            }
            String own = "forgiven".equals(outcome) && from > 0 ? "released" : outcome;
            return SETTLE.run(
                            redis,
                            counters.get(from).keys(),
                            List.of(
                                    id,
                                    own,
                                    Long.toString(config.failureWindow().toMillis())))
                    .chain(() -> settleFrom(from + 1, to, outcome));
        }

        /** Takes back the reservations made on the first {@code reserved} counters: nothing else changes. */
        private Uni<Void> giveBack(int reserved) {
            return settleFrom(0, reserved, "released");
        }
    }

    /** Starts {@code work} now; the Uni returned tells its outcome, and cancelling it leaves the work running. */
    private static Uni<Void> detached(Uni<Void> work) {
        Uni<Void> running = work.memoize().indefinitely();
        running.subscribe().with(ignored -> {}, ignored -> {});
        return running;
    }

    private <T> Uni<T> guarded(List<Counter> counters, boolean forgives, Function<Attempt, Uni<T>> check) {
        Attempt attempt = new Attempt(counters, forgives);
        return reserved(attempt)
                .chain(() -> check.apply(attempt))
                .onFailure()
                .call(attempt::released)
                .onCancellation()
                .call(attempt::released);
    }

    /** The reservation, made to its end even when the request is cancelled meanwhile (see {@link Attempt}). */
    private Uni<Void> reserved(Attempt attempt) {
        return Uni.createFrom()
                .emitter(emitter -> reserve(attempt, BUSY_POLLS)
                        .subscribe()
                        .with(
                                done -> {
                                    if (attempt.reservedAll()) {
                                        emitter.complete(null);
                                    }
                                },
                                emitter::fail));
    }

    private Uni<Void> reserve(Attempt attempt, int pollsLeft) {
        return reserveFrom(attempt, 0).chain(refusal -> {
            if (refusal == null) {
                return Uni.createFrom().voidItem();
            }
            if (refusal.get(0).toInteger() == LIMIT_REACHED) {
                return Uni.createFrom().failure(Problems.tooManyRequests(DETAIL, (remainingMs(refusal) + 999) / 1000));
            }
            // a request whose client went away stops waiting
            return pollsLeft == 0 || attempt.abandoned()
                    ? Uni.createFrom().failure(Problems.unavailableRetryAfter(BUSY, 1))
                    : later(BUSY_POLL).chain(() -> reserve(attempt, pollsLeft - 1));
        });
    }

    /**
     * Reserves on counter {@code index} and the ones after it, in order; null when reserved on all, else the refusal,
     * after the reservations made on the counters before it were given back.
     */
    private Uni<Response> reserveFrom(Attempt attempt, int index) {
        if (index == attempt.counters.size()) {
            return Uni.createFrom().nullItem();
        }
        Counter counter = attempt.counters.get(index);
        return RESERVE.run(
                        redis,
                        counter.keys(),
                        List.of(attempt.id, Long.toString(LEASE.toMillis()), Integer.toString(counter.limit())))
                .chain(reply -> reply.get(0).toInteger() == RESERVED
                        ? reserveFrom(attempt, index + 1)
                        : attempt.giveBack(index).replaceWith(reply));
    }

    private static long remainingMs(Response reply) {
        return reply.get(1).toLong();
    }

    /** Completes after a delay on the caller's Vert.x context, where the request's later steps must run. */
    private Uni<Void> later(Duration delay) {
        return Uni.createFrom().emitter(emitter -> vertx.setTimer(delay.toMillis(), id -> emitter.complete(null)));
    }
}
