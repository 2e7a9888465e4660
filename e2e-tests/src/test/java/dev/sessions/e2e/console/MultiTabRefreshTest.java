package dev.sessions.e2e.console;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Request;
import com.microsoft.playwright.Route;
import com.microsoft.playwright.options.AriaRole;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

import dev.sessions.e2e.E2eEnvironment;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

/**
 * Two tabs open across several access-token expiries: both keep working, one refresh at a time, and the second tab
 * takes the new token from the first instead of refreshing again. A refresh whose answer is lost is sent again at
 * once with the same cookie; a refused one is not.
 */
class MultiTabRefreshTest extends ConsoleTestBase {

    /**
     * Two refreshes: the gap between them is one token lifetime, and each token was held by both tabs (a third took
     * another 20 s of the suite's time and added no case).
     */
    private static final int EXPIRIES = 2;

    /** Removes the Web Locks API so that the client falls back to claims over the BroadcastChannel. */
    private static final String WITHOUT_WEB_LOCKS =
            "Object.defineProperty(Navigator.prototype, 'locks', { get: () => undefined, configurable: true });";

    /** Refreshes once with a client of its own (not the console's), in the page, and answers whether it worked. */
    private static final String REFRESH_ONCE = """
            async () => {
              const { SessionClient } = await import('/assets/session-client.js');
              const client = new SessionClient({ channelName: 'refresh-once', lockName: 'refresh-once', idleTimeoutSeconds: 0 });
              try {
                return await client.refresh();
              } finally {
                client.dispose();
              }
            }""";

    @Test
    void aRefreshWhoseAnswerWasLostIsSentAgainAtOnceWithTheSameCookieAndTheSessionLivesOn() {
        ConsoleApi.User user = ConsoleApi.registerUser("lostanswer");
        BrowserContext context = newContext();
        Page page = context.newPage();
        signIn(page, user.email(), ConsoleApi.PASSWORD);
        List<String> cookiesSent = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger committed = new AtomicInteger();
        context.route("**/auth/refresh", route -> {
            String cookie = refreshCookie(context);
            cookiesSent.add(cookie);
            if (cookiesSent.size() == 1) {
                // the server rotates, but its answer never reaches the browser (auth-service killed: nginx's 502)
                committed.set(ConsoleApi.refreshStatus(cookie));
                route.fulfill(new Route.FulfillOptions()
                        .setStatus(502)
                        .setContentType("application/problem+json")
                        .setBody("{\"title\":\"Bad Gateway\",\"status\":502}"));
            } else {
                route.resume();
            }
        });

        Object refreshed = page.evaluate(REFRESH_ONCE);

        Assertions.assertThat(committed.get())
                .as("the lost refresh was committed")
                .isEqualTo(200);
        Assertions.assertThat(refreshed)
                .as("the refresh succeeded after its answer was lost")
                .isEqualTo(true);
        Assertions.assertThat(cookiesSent).hasSize(2);
        Assertions.assertThat(cookiesSent.get(1))
                .as("sent again with the same cookie")
                .isEqualTo(cookiesSent.get(0));
        context.unrouteAll();
        Assertions.assertThat(page.evaluate(REFRESH_ONCE))
                .as("the session lives on")
                .isEqualTo(true);
        // history reaches PostgreSQL through the outbox: wait for the browser's and this watcher's sign-in
        ConsoleApi.awaitHistory(
                ConsoleApi.login(user.email(), ConsoleApi.PASSWORD, ConsoleApi.UA_WINDOWS_CHROME)
                        .accessToken(),
                2);
        link(page, "Activity").click();
        assertThat(page.locator(".history-table tbody tr").first()).isVisible();
        assertThat(page.locator("tr[data-event-type='REVOKED']")).hasCount(0);
        assertThat(expiredBanner(page)).hasCount(0);
    }

    @Test
    void aRefusedRefreshIsNotSentAgain() {
        ConsoleApi.User user = ConsoleApi.registerUser("refusedrefresh");
        BrowserContext context = newContext();
        Page page = context.newPage();
        signIn(page, user.email(), ConsoleApi.PASSWORD);
        AtomicInteger sent = new AtomicInteger();
        context.route("**/auth/refresh", route -> {
            sent.incrementAndGet();
            route.fulfill(new Route.FulfillOptions()
                    .setStatus(401)
                    .setContentType("application/problem+json")
                    .setBody("{\"title\":\"Unauthorized\",\"status\":401}"));
        });

        Object refreshed = page.evaluate(REFRESH_ONCE);

        Assertions.assertThat(refreshed).isEqualTo(false);
        Assertions.assertThat(sent.get()).isEqualTo(1);
    }

    @Test
    void twoTabsStaySignedInWithOneRefreshAtATimeUsingWebLocks() {
        twoTabsAcrossExpiries(false, "weblocks");
    }

    @Test
    void twoTabsStaySignedInWithOneRefreshAtATimeUsingBroadcastChannelClaims() {
        twoTabsAcrossExpiries(true, "broadcast");
    }

    private void twoTabsAcrossExpiries(boolean withoutWebLocks, String label) {
        Duration ttl = E2eEnvironment.accessTokenTtl();
        ConsoleApi.User user = ConsoleApi.registerUser("tabs" + label);
        BrowserContext context = newContext();
        if (withoutWebLocks) {
            context.addInitScript(WITHOUT_WEB_LOCKS);
        }
        Page first = context.newPage();
        signIn(first, user.email(), ConsoleApi.PASSWORD);
        // from here on: the sign-in page's attempt to resume a session (401, no cookie yet) is not counted
        RefreshLog refreshes = new RefreshLog();
        context.onRequest(request -> {
            if (isRefresh(request)) {
                refreshes.started(request);
            }
        });
        context.onRequestFinished(request -> {
            if (isRefresh(request)) {
                refreshes.finished(request, String.valueOf(request.response().status()));
            }
        });
        context.onRequestFailed(request -> {
            if (isRefresh(request)) {
                refreshes.finished(request, "failed: " + request.failure());
            }
        });

        Page second = context.newPage();
        second.navigate("/activity");
        assertThat(heading(second, "Recent activity")).isVisible();
        Assertions.assertThat(refreshes.count())
                .as("the second tab took the first tab's token")
                .isZero();

        first.waitForCondition(
                () -> refreshes.finishedCount() >= EXPIRIES,
                new Page.WaitForConditionOptions().setTimeout(ttl.toMillis() * (EXPIRIES + 2)));

        Assertions.assertThat(refreshes.statuses())
                .as("every refresh answered 200")
                .containsOnly("200");
        Assertions.assertThat(refreshes.maxInFlight())
                .as("refreshes in flight at once")
                .isEqualTo(1);
        Assertions.assertThat(refreshes.shortestGap())
                .as("one refresh per token lifetime, not one per tab")
                .isGreaterThan(ttl.dividedBy(2));

        for (Page page : List.of(first, second)) {
            page.bringToFront();
            link(page, "Sessions").click();
            assertThat(heading(page, "Active sessions")).isVisible();
            assertThat(page.getByRole(AriaRole.TABLE).locator("tbody tr")).hasCount(1);
            assertThat(page.getByText("This session", new Page.GetByTextOptions().setExact(true)))
                    .isVisible();
            assertThat(expiredBanner(page)).hasCount(0);
        }
        link(first, "Activity").click();
        assertThat(first.locator(".history-table tbody tr").first()).isVisible();
        assertThat(first.getByText("refresh token reuse detected")).hasCount(0);
        assertThat(first.locator("tr[data-event-type='REVOKED']")).hasCount(0);
        Assertions.assertThat(refreshes.statuses()).containsOnly("200");
    }

    private static String refreshCookie(BrowserContext context) {
        return context.cookies().stream()
                .filter(cookie -> cookie.name.equals("refresh_token"))
                .findFirst()
                .map(cookie -> cookie.value)
                .orElseThrow();
    }

    private static boolean isRefresh(Request request) {
        return request.url().endsWith("/auth/refresh");
    }

    /** What the browser sent to /auth/refresh: how many, how many at once, how far apart, what came back. */
    private static final class RefreshLog {
        private final AtomicInteger inFlight = new AtomicInteger();
        private int maxInFlight;
        private final List<Long> startedAt = Collections.synchronizedList(new ArrayList<>());
        private final List<String> statuses = Collections.synchronizedList(new ArrayList<>());

        private final Set<Request> seen = Collections.newSetFromMap(new IdentityHashMap<>());

        void started(Request request) {
            seen.add(request);
            startedAt.add(System.nanoTime());
            maxInFlight = Math.max(maxInFlight, inFlight.incrementAndGet());
        }

        void finished(Request request, String status) {
            if (!seen.remove(request)) {
                return;
            }
            inFlight.decrementAndGet();
            statuses.add(status);
        }

        int count() {
            return startedAt.size();
        }

        int finishedCount() {
            return statuses.size();
        }

        int maxInFlight() {
            return maxInFlight;
        }

        List<String> statuses() {
            return List.copyOf(statuses);
        }

        Duration shortestGap() {
            List<Long> times = List.copyOf(startedAt);
            long shortest = Long.MAX_VALUE;
            for (int i = 1; i < times.size(); i++) {
                shortest = Math.min(shortest, times.get(i) - times.get(i - 1));
            }
            return Duration.ofNanos(shortest);
        }
    }
}
