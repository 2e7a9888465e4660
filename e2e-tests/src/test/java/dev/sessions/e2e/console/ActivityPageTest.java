package dev.sessions.e2e.console;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import org.assertj.core.api.Assertions;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import dev.sessions.e2e.E2eEnvironment;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

/** "Recent activity": the history as sentences, newest first, with "Load more". */
class ActivityPageTest extends ConsoleTestBase {

    @Test
    void historyReadsAsSentencesNewestFirstAndLoadsMore() {
        ConsoleApi.User user = ConsoleApi.registerUser("history");
        Assertions.assertThat(ConsoleApi.loginStatus(user.email(), "a wrong password"))
                .isEqualTo(401);
        for (int i = 0; i < 10; i++) {
            ConsoleApi.signOut(ConsoleApi.login(user.email(), ConsoleApi.PASSWORD, ConsoleApi.UA_LINUX_FIREFOX)
                    .accessToken());
        }
        ConsoleApi.Login stolen = ConsoleApi.login(user.email(), ConsoleApi.PASSWORD, ConsoleApi.UA_ANDROID_CHROME);
        Assertions.assertThat(ConsoleApi.refreshStatus(ConsoleApi.refreshed(stolen.refreshToken())))
                .isEqualTo(200);
        // the rotated token again, its successor used and the grace for racing tabs passed: reuse, the session is
        // revoked
        Awaitility.await()
                .atMost(E2eEnvironment.reuseGrace().plusSeconds(20))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> ConsoleApi.refreshStatus(stolen.refreshToken()) == 401);
        ConsoleApi.Login forced = ConsoleApi.login(user.email(), ConsoleApi.PASSWORD, ConsoleApi.UA_IPHONE_SAFARI);
        ConsoleApi.forceLogout(ConsoleApi.admin().accessToken(), user.id());
        ConsoleApi.Login watcher = ConsoleApi.login(user.email(), ConsoleApi.PASSWORD, ConsoleApi.UA_WINDOWS_CHROME);
        Assertions.assertThat(ConsoleApi.whoamiStatus(forced.accessToken())).isEqualTo(401);
        Page page = newContext().newPage();
        signIn(page, user.email(), ConsoleApi.PASSWORD);
        // history reaches PostgreSQL through the outbox: wait for all 27 events, the browser's sign-in the last
        // (1 failure + 10 sign-ins and sign-outs + reuse (2) + admin logout (2) + the watcher's and the browser's
        // sign-in)
        ConsoleApi.awaitHistory(watcher.accessToken(), 27);

        link(page, "Activity").click();

        Locator rows = page.locator(".history-table tbody tr");
        assertThat(rows).hasCount(20);
        assertThat(rows.first()).containsText("Signed in");
        assertThat(rows.first()).containsText("This session");
        assertThat(page.getByText("Signed out by an administrator")).isVisible();
        assertThat(page.getByText("Ended: refresh token reuse detected")).isVisible();
        Locator adminRow = page.locator("tr[data-event-type='REVOKED']")
                .filter(new Locator.FilterOptions().setHasText("Signed out by an administrator"));
        assertThat(adminRow).containsText("Safari on iOS");
        assertThat(adminRow.locator("td[data-label='Location']")).hasText("Unknown location");
        assertThat(page.getByText("Failed sign-in attempt")).hasCount(0);
        screenshot(page, "activity");

        button(page, "Load more").click();

        assertThat(rows).hasCount(27);
        assertThat(page.getByText("Failed sign-in attempt")).isVisible();
        assertThat(button(page, "Load more")).isHidden();
        @SuppressWarnings("unchecked")
        List<String> times =
                (List<String>) rows.locator("td[data-label='Time'] time").evaluateAll("ts => ts.map(t => t.dateTime)");
        Assertions.assertThat(times).hasSize(27);
        Assertions.assertThat(times.stream().map(Instant::parse).toList())
                .as("newest first")
                .isSortedAccordingTo((a, b) -> b.compareTo(a));
    }
}
