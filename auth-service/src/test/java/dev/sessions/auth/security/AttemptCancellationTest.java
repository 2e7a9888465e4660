package dev.sessions.auth.security;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import jakarta.inject.Inject;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import org.junit.jupiter.api.Test;

import dev.sessions.auth.security.LoginThrottle.Attempt;
import dev.sessions.auth.support.Api;
import dev.sessions.auth.support.RegistryTestResource;
import dev.sessions.contract.redis.RedisKeys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A sign-in whose client goes away (the request is cancelled) at any step gives its reservations back at once and
 * counts what it had already learnt: a reservation left behind would count as an attempt in flight against the account
 * and the address until its 30 s lease ends, and make right passwords wait and answer 503 meanwhile.
 */
@QuarkusTest
@WithTestResource(value = RegistryTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class AttemptCancellationTest {

    /** Far shorter than the 30 s lease, after which a lost reservation would vanish anyway. */
    private static final Duration SETTLED_WITHIN = Duration.ofSeconds(5);

    @Inject
    LoginThrottle throttle;

    @Inject
    RedisDataSource redis;

    @Inject
    ReactiveRedisDataSource reactiveRedis;

    @Test
    void cancelledAsTheCheckBeginsGivesTheReservationsBack() {
        Counters counters = new Counters();

        counters.signIn(attempt -> {
            counters.cancel();
            return Uni.createFrom().voidItem();
        });

        counters.awaitNothingInFlight();
        assertThat(counters.failures()).containsExactly(null, null);
    }

    @Test
    void cancelledWhileTheCheckRunsGivesTheReservationsBack() {
        Counters counters = new Counters();

        counters.signIn(attempt -> Uni.createFrom()
                .voidItem()
                .onItem()
                .invoke(counters::cancel)
                .chain(() -> Uni.createFrom().nothing()));

        counters.awaitNothingInFlight();
        assertThat(counters.failures()).containsExactly(null, null);
    }

    /** Redis holds the failure's first settle back while the request is cancelled, so that the second comes after. */
    @Test
    void cancelledWhileAFailureSettlesStillCountsItOnEveryCounter() throws InterruptedException {
        Counters counters = new Counters();
        CountDownLatch settling = new CountDownLatch(1);

        counters.signIn(attempt ->
                pauseWrites().chain(() -> attempt.failed().onSubscription().invoke(settling::countDown)));
        assertThat(settling.await(5, TimeUnit.SECONDS)).isTrue();
        counters.cancel();

        counters.awaitNothingInFlight();
        assertThat(counters.failures()).containsExactly("1", "1");
    }

    /** Every client's writes wait in Redis for a moment (scripts included), far longer than a cancel takes. */
    private Uni<Void> pauseWrites() {
        return reactiveRedis.execute("CLIENT", "PAUSE", "200", "WRITE").replaceWithVoid();
    }

    /** The account's and the address's counters of one sign-in, fresh for each test. */
    private final class Counters {

        private final String email = Api.email("cancelled");
        private final String clientAddress = Api.address();
        private final String account = throttle.accountKey(email);
        private final String address = throttle.addressKey(clientAddress);

        private final AtomicReference<Cancellable> request = new AtomicReference<>();

        void signIn(Function<Attempt, Uni<Void>> check) {
            request.set(throttle.signIn(email, clientAddress, check).subscribe().with(done -> {}, failure -> {}));
        }

        /** As a client going away does. */
        void cancel() {
            request.get().cancel();
        }

        void awaitNothingInFlight() {
            await().atMost(SETTLED_WITHIN)
                    .pollInterval(Duration.ofMillis(20))
                    .untilAsserted(() -> assertThat(inFlight(account) + inFlight(address))
                            .as("reservations of the cancelled sign-in")
                            .isZero());
        }

        List<String> failures() {
            return Arrays.asList(
                    redis.value(String.class).get(account),
                    redis.value(String.class).get(address));
        }

        private long inFlight(String counter) {
            return redis.sortedSet(String.class).zcard(RedisKeys.pendingAttempts(counter));
        }
    }
}
