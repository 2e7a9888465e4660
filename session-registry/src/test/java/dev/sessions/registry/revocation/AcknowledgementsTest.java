package dev.sessions.registry.revocation;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.mutiny.helpers.test.UniAssertSubscriber;
import org.junit.jupiter.api.Test;

import dev.sessions.registry.metrics.RegistryMetrics;

import static org.assertj.core.api.Assertions.assertThat;

/** Acknowledgement accounting alone: how many, from whom, early or late, and who is a member. */
class AcknowledgementsTest {

    private static final Duration LONG = Duration.ofMinutes(5);

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final MeterRegistry meters = new SimpleMeterRegistry();
    private final Acknowledgements acks = new Acknowledgements(nanos::get, new RegistryMetrics(meters));

    @Test
    void completesOnceEnoughSubscribersIncludingEveryExpectedMemberHaveAnswered() {
        UniAssertSubscriber<Void> waiting = acks.await("a-1", 3, Set.of("r1", "r2"), Set::of, LONG)
                .subscribe()
                .withSubscriber(UniAssertSubscriber.create());

        acks.received("a-1 r1");
        acks.received("a-1");
        waiting.assertNotTerminated();
        acks.received("a-1 r3");
        waiting.assertNotTerminated();
        acks.received("a-1 r2");
        waiting.assertCompleted();
    }

    @Test
    void acknowledgementsHeardBeforeTheWaitStartsCount() {
        acks.received("a-2 r1");
        acks.received("a-2 r2");

        acks.await("a-2", 2, Set.of("r1"), Set::of, LONG)
                .subscribe()
                .withSubscriber(UniAssertSubscriber.create())
                .assertCompleted();
    }

    @Test
    void anotherRequestsAcknowledgementsDoNotCount() {
        UniAssertSubscriber<Void> waiting =
                acks.await("a-3", 1, Set.of(), Set::of, LONG).subscribe().withSubscriber(UniAssertSubscriber.create());

        acks.received("a-4 r1");

        waiting.assertNotTerminated();
    }

    @Test
    void aMissingMemberDelaysTheAnswerOnlyUntilTheWaitIsOver() {
        acks.await("a-5", 1, Set.of("silent"), () -> Set.of("silent"), Duration.ofMillis(50))
                .subscribe()
                .withSubscriber(UniAssertSubscriber.create())
                .awaitItem(Duration.ofSeconds(10))
                .assertCompleted();
    }

    @Test
    void theWaitForEveryAcknowledgementIsMeasuredWithNoneMissing() {
        UniAssertSubscriber<Void> waiting = acks.await("a-6", 2, Set.of("r1"), Set::of, LONG)
                .subscribe()
                .withSubscriber(UniAssertSubscriber.create());
        nanos.addAndGet(7_000_000);
        acks.received("a-6 r1");
        acks.received("a-6");

        waiting.assertCompleted();
        Timer waited = meters.get("revocation.acknowledgement").timer();
        assertThat(waited.count()).isEqualTo(1);
        assertThat(waited.totalTime(TimeUnit.NANOSECONDS)).isEqualTo(7_000_000);
        assertThat(meters.get("revocation.acknowledgements.missing").counter().count())
                .isZero();
    }

    @Test
    void acknowledgementsThatNeverCameAreCountedOnePerSilentSubscriber() {
        UniAssertSubscriber<Void> waiting = acks.await(
                        "a-7", 3, Set.of("r1", "silent"), () -> Set.of("r1", "silent"), Duration.ofMillis(50))
                .subscribe()
                .withSubscriber(UniAssertSubscriber.create());
        acks.received("a-7 r1");

        waiting.awaitItem(Duration.ofSeconds(10)).assertCompleted();
        assertThat(meters.get("revocation.acknowledgements.missing").counter().count())
                .isEqualTo(2);
        assertThat(meters.get("revocation.acknowledgement").timer().count()).isEqualTo(1);
    }

    @Test
    void membersAreThoseHeardWithinTheGivenTime() {
        acks.memberHeard("old");
        nanos.addAndGet(2_000);
        acks.memberHeard("recent");

        assertThat(acks.membersHeardWithin(1_000)).containsExactly("recent");
        assertThat(acks.membersHeardWithin(10_000)).containsExactlyInAnyOrder("old", "recent");

        acks.forgetMembersSilentFor(1_000);
        assertThat(acks.membersHeardWithin(10_000)).containsExactly("recent");
    }
}
