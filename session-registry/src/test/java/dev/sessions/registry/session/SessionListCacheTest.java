package dev.sessions.registry.session;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import jakarta.inject.Inject;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.sessions.registry.revocation.RevocationSubscription;
import dev.sessions.registry.support.Api;
import dev.sessions.registry.support.TestEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What an instance keeps of a user's list (ADR 22): the whole list, most recently active first, and never a read that
 * an announcement of the user overtook. The announcements themselves, across instances: MultiInstanceIT.
 */
@QuarkusTest
@WithTestResource(value = TestEnvironment.class, scope = TestResourceScope.GLOBAL)
class SessionListCacheTest {

    @Inject
    SessionListCache lists;

    @Inject
    RevocationSubscription subscription;

    @BeforeEach
    void subscribed() {
        await().atMost(Duration.ofSeconds(30)).until(subscription::holdsLease);
    }

    @Test
    void aWholeListIsKeptMostRecentlyActiveFirst() {
        String uid = Api.newUserId();
        LiveSession older = session(uid, "s-older", 2);
        LiveSession newer = session(uid, "s-newer", 1);

        lists.keep(lists.ticket(uid), List.of(older, newer), 2);

        assertThat(lists.get(uid)).contains(List.of(newer, older));
    }

    @Test
    void aReadOvertakenByAnAnnouncementOfItsUserIsNotKept() {
        String uid = Api.newUserId();
        SessionListCache.Ticket ticket = lists.ticket(uid);

        lists.changed(uid);
        lists.keep(ticket, List.of(session(uid, "s-1", 1)), 1);

        assertThat(lists.get(uid)).isEmpty();
    }

    @Test
    void anAnnouncementDropsWhatWasKept() {
        String uid = Api.newUserId();
        lists.keep(lists.ticket(uid), List.of(session(uid, "s-1", 1)), 1);

        lists.changed(uid);

        assertThat(lists.get(uid)).isEmpty();
    }

    @Test
    void aListCutShortOrHoldingALapsedSessionIsNeverAnswered() {
        String cut = Api.newUserId();
        lists.keep(lists.ticket(cut), List.of(session(cut, "s-1", 1)), 2);
        assertThat(lists.get(cut)).isEmpty();

        String lapsed = Api.newUserId();
        Instant now = Instant.now();
        LiveSession past = session(lapsed, "s-past", now.minus(2, ChronoUnit.HOURS), now.minus(1, ChronoUnit.MINUTES));
        lists.keep(lists.ticket(lapsed), List.of(past), 1);
        assertThat(lists.get(lapsed)).isEmpty();
    }

    private static LiveSession session(String uid, String sid, int minutesSinceActivity) {
        Instant now = Instant.now();
        return session(uid, sid, now.minus(minutesSinceActivity, ChronoUnit.MINUTES), now.plus(1, ChronoUnit.HOURS));
    }

    private static LiveSession session(String uid, String sid, Instant lastActivity, Instant expires) {
        return new LiveSession(
                sid,
                uid,
                lastActivity.minus(1, ChronoUnit.HOURS),
                lastActivity,
                expires,
                expires.plus(1, ChronoUnit.DAYS),
                false,
                "81.2.69.142",
                null,
                null,
                false,
                List.of());
    }
}
