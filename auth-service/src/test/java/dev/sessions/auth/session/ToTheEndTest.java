package dev.sessions.auth.session;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.helpers.test.UniAssertSubscriber;
import io.smallrye.mutiny.subscription.UniEmitter;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Work started for a request goes on when the request is cancelled, and tells its outcome when it is not. */
class ToTheEndTest {

    @Test
    void aCancelledRequestLeavesItsWorkRunningToItsEnd() {
        AtomicReference<UniEmitter<? super String>> step = new AtomicReference<>();
        AtomicBoolean cancelled = new AtomicBoolean();
        AtomicBoolean finished = new AtomicBoolean();
        Uni<String> work = Uni.createFrom()
                .<String>emitter(step::set)
                .onCancellation()
                .invoke(() -> cancelled.set(true))
                .chain(first -> Uni.createFrom().item(first + ", then the rest"))
                .invoke(() -> finished.set(true));

        UniAssertSubscriber<String> request =
                ToTheEnd.of(work).subscribe().withSubscriber(UniAssertSubscriber.create());
        request.cancel();
        step.get().complete("the first step");

        assertThat(cancelled).isFalse();
        assertThat(finished).isTrue();
        request.assertNotTerminated();
    }

    @Test
    void anUncancelledRequestGetsTheOutcome() {
        ToTheEnd.of(Uni.createFrom().item("done"))
                .subscribe()
                .withSubscriber(UniAssertSubscriber.create())
                .assertItem("done");
        IllegalStateException failure = new IllegalStateException("store down");
        ToTheEnd.of(Uni.createFrom().failure(failure))
                .subscribe()
                .withSubscriber(UniAssertSubscriber.create())
                .assertFailedWith(IllegalStateException.class, "store down");
    }

    @Test
    void nothingStartsBeforeTheRequestSubscribes() {
        AtomicBoolean started = new AtomicBoolean();
        Uni<String> request = ToTheEnd.of(Uni.createFrom().item(() -> {
            started.set(true);
            return "done";
        }));

        assertThat(started).isFalse();
        request.subscribe().withSubscriber(UniAssertSubscriber.create()).assertItem("done");
        assertThat(started).isTrue();
    }
}
