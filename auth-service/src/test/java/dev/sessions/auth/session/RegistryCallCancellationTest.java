package dev.sessions.auth.session;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.inject.Inject;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.subscription.Cancellable;
import org.junit.jupiter.api.Test;

import dev.sessions.auth.support.RegistryTestResource;
import dev.sessions.contract.internal.EndSessionRequest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests whose clients go away cancel their calls to the registry at any moment, also as their answers arrive; that
 * must not cost another request its call. Seen failing before the calls ran to their end: the pool of connections to
 * the registry ran dry (every waiting call failed after 5 s "getting a connection"), and under ConcurrentSignInTest's
 * load a sign-in failed with "Connection was closed" (Vert.x's HTTP/1.1 client closes the connection of a request
 * reset after its response, now another's: eclipse-vertx/vert.x#6294).
 */
@QuarkusTest
@WithTestResource(value = RegistryTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class RegistryCallCancellationTest {

    private static final Duration LOAD = Duration.ofSeconds(4);
    private static final int CANCELLING = 3;
    private static final int WAITING = 4;
    private static final EndSessionRequest END = new EndSessionRequest("SIGNED_OUT", null, "USER", "someone");

    @Inject
    SessionRegistry registry;

    @Test
    void callsCancelledAsTheirAnswersArriveLeaveTheOthersAnswered() throws Exception {
        AtomicInteger answered = new AtomicInteger();
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        long until = System.nanoTime() + LOAD.toNanos();
        ExecutorService clients = Executors.newFixedThreadPool(CANCELLING + WAITING);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < CANCELLING; c++) {
                running.add(clients.submit(() -> {
                    while (System.nanoTime() < until) {
                        Cancellable call =
                                registry.end(unknownSession(), END).subscribe().with(ended -> {}, failure -> {});
                        spin(ThreadLocalRandom.current().nextLong(1_000_000));
                        call.cancel();
                        // no faster than a client that goes away: a reset connection is opened anew
                        spin(1_000_000);
                    }
                }));
            }
            for (int w = 0; w < WAITING; w++) {
                running.add(clients.submit(() -> {
                    while (System.nanoTime() < until) {
                        try {
                            assertThat(registry.end(unknownSession(), END)
                                            .await()
                                            .atMost(Duration.ofSeconds(10)))
                                    .isFalse();
                            answered.incrementAndGet();
                        } catch (RuntimeException failure) {
                            failures.add(failure);
                        }
                    }
                }));
            }
            for (Future<?> client : running) {
                client.get(1, TimeUnit.MINUTES);
            }
        } finally {
            clients.shutdownNow();
        }

        assertThat(answered).as("calls answered").hasPositiveValue();
        assertThat(failures).as("calls failed beside %s answered", answered).isEmpty();
    }

    private static String unknownSession() {
        return UUID.randomUUID().toString();
    }

    /** Waits without yielding the core, as a timer cannot for a fraction of a millisecond. */
    private static void spin(long nanos) {
        long end = System.nanoTime() + nanos;
        while (System.nanoTime() < end) {
            Thread.onSpinWait();
        }
    }
}
