package dev.sessions.auth.security;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.inject.Inject;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import dev.sessions.auth.support.Api;
import dev.sessions.auth.support.RegistryTestResource;
import dev.sessions.contract.redis.RedisKeys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An office behind one address at 9 am, with the default limits (100 failures per address): 64 clients sign in
 * with right passwords over 100 accounts at once for a while (every fourth of them going away: right after sending, or
 * after 150 ms while the password is being checked, as a load tool's timeout does), and no one is refused; then 101
 * wrong passwords from that address, and the 101st is 429.
 * The load runs for {@code -Dconcurrent-sign-in.seconds} (default 5).
 */
@QuarkusTest
@WithTestResource(value = RegistryTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class ConcurrentSignInTest {

    private static final int CLIENTS = 64;
    private static final int ACCOUNTS = 100;
    private static final String WRONG = "not the right password";
    // far shorter than a sign-in takes with 64 clients on a few cores, far longer than sending it
    private static final Duration PATIENCE = Duration.ofMillis(150);

    @Inject
    LoginThrottle throttle;

    @Inject
    RedisDataSource redis;

    @Test
    void concurrentRightPasswordsFromOneAddressAreNeverRefusedAndOnlyWrongOnesCount() throws Exception {
        List<String> accounts = new ArrayList<>();
        for (int i = 0; i < ACCOUNTS; i++) {
            accounts.add(Api.email("office-" + i));
        }
        String office = Api.address();
        Map<Integer, AtomicInteger> answers = new ConcurrentHashMap<>();
        AtomicInteger abandoned = new AtomicInteger();
        registerAll(accounts);
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        try {
            long until = System.nanoTime()
                    + Duration.ofSeconds(Long.getLong("concurrent-sign-in.seconds", 5))
                            .toNanos();
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                int client = c;
                running.add(clients.submit(() -> {
                    for (int n = 0; System.nanoTime() < until; n++) {
                        String email = accounts.get((client * 7 + n) % ACCOUNTS);
                        if (n % 4 == 3) {
                            // half leave at once, half give up while their password is being checked
                            Api.abandonedLogin(office, email, Api.PASSWORD, n % 8 == 3 ? Duration.ZERO : PATIENCE);
                            abandoned.incrementAndGet();
                        } else {
                            int status = Api.postLogin(office, email, Api.PASSWORD, false)
                                    .statusCode();
                            answers.computeIfAbsent(status, s -> new AtomicInteger())
                                    .incrementAndGet();
                        }
                    }
                }));
            }
            for (Future<?> client : running) {
                client.get(5, TimeUnit.MINUTES);
            }
        } finally {
            clients.shutdownNow();
        }

        assertThat(answers)
                .as("answers by status, with %s clients gone away", abandoned)
                .containsOnlyKeys(200);

        awaitNothingInFlight(office);
        for (int i = 0; i < 100; i++) {
            Api.postLogin(office, accounts.get(i), WRONG, false).then().statusCode(401);
        }
        Response throttled = Api.postLogin(office, accounts.get(0), WRONG, false);
        throttled.then().statusCode(429).contentType("application/problem+json");
        assertThat(Integer.parseInt(throttled.getHeader("Retry-After"))).isBetween(800, 900);
    }

    /**
     * Attempts of the load can still be in flight after its last answer: the clients that went away leave theirs to
     * the server, which settles each once its check ends. None may be left to lapse with its 30 s lease (a wrong
     * password that would pass the limit together with it would wait for it and answer 503): once seen in 1 of 2 runs,
     * reservations given up when a cancellation fell between two steps, AttemptCancellationTest.
     */
    private void awaitNothingInFlight(String address) {
        String inFlight = RedisKeys.pendingAttempts(throttle.addressKey(address));
        await().atMost(Duration.ofSeconds(15))
                .pollInterval(Duration.ofMillis(50))
                .untilAsserted(() -> assertThat(redis.sortedSet(String.class).zcard(inFlight))
                        .as("attempts of the load in flight")
                        .isZero());
    }

    /** Registers the accounts a few at a time (well within the hashing queue), each from an address of its own. */
    private static void registerAll(List<String> emails) throws Exception {
        ExecutorService registrars = Executors.newFixedThreadPool(8);
        try {
            for (Future<String> registered : registrars.invokeAll(emails.stream()
                    .map(email -> (Callable<String>) () -> Api.register(email))
                    .toList())) {
                registered.get(2, TimeUnit.MINUTES);
            }
        } finally {
            registrars.shutdownNow();
        }
    }
}
