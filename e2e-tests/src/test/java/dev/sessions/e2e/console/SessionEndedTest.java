package dev.sessions.e2e.console;

import java.time.Duration;
import java.util.regex.Pattern;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.AriaRole;
import org.assertj.core.api.Assertions;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import dev.sessions.e2e.E2eEnvironment;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

/** A session that ends under the user's feet: revoked elsewhere, by an administrator, or the tab idles out. */
class SessionEndedTest extends ConsoleTestBase {

    @Test
    void sessionRevokedFromAnotherDeviceShowsTheBannerAndSignBackInKeepsTheEmail() {
        ConsoleApi.User user = ConsoleApi.registerUser("revokedelsewhere");
        Page page = newContext().newPage();
        signIn(page, user.email(), ConsoleApi.PASSWORD);

        link(page, "Activity").click();
        assertThat(heading(page, "Recent activity")).isVisible();
        ConsoleApi.Login elsewhere = ConsoleApi.login(user.email(), ConsoleApi.PASSWORD, ConsoleApi.UA_WINDOWS_CHROME);
        Assertions.assertThat(ConsoleApi.revokeOthers(elsewhere.accessToken())).isEqualTo(1);

        // no click: the console hears of it from GET /sessions/events (contract: within 2 s)
        assertThat(expiredBanner(page)).isVisible(new LocatorAssertions.IsVisibleOptions().setTimeout(2_000));
        assertThat(expiredBanner(page)).containsText("You signed out of all other devices from another session.");
        assertThat(expiredBanner(page)).containsText("Unsaved changes on this page may be lost.");
        assertThat(button(page, "Sign back in")).isFocused();
        screenshot(page, "session-expired");
        button(page, "Sign back in").click();

        assertThat(heading(page, "Sign in")).isVisible();
        assertThat(page.getByLabel("Email")).hasValue(user.email());
        assertThat(page.getByLabel("Password", new Page.GetByLabelOptions().setExact(true)))
                .isFocused();
        assertThat(page.getByText("Your session has expired. Sign in again to continue."))
                .isVisible();
        page.getByLabel("Password", new Page.GetByLabelOptions().setExact(true)).fill(ConsoleApi.PASSWORD);
        button(page, "Sign in").click();
        assertThat(heading(page, "Recent activity")).isVisible();
        assertThat(expiredBanner(page)).hasCount(0);
    }

    @Test
    void afterAReloadTheSignInPageStillKnowsTheEmail() {
        ConsoleApi.User user = ConsoleApi.registerUser("reloadexpired");
        Page page = newContext().newPage();
        signIn(page, user.email(), ConsoleApi.PASSWORD);
        ConsoleApi.Login elsewhere = ConsoleApi.login(user.email(), ConsoleApi.PASSWORD, ConsoleApi.UA_WINDOWS_CHROME);
        ConsoleApi.revokeOthers(elsewhere.accessToken());

        page.reload();

        assertThat(heading(page, "Sign in")).isVisible();
        assertThat(page.getByLabel("Email")).hasValue(user.email());
    }

    @Test
    void anAdministratorsForcedLogoutReachesTheUsersOpenConsole() {
        ConsoleApi.User user = ConsoleApi.registerUser("forced");
        Page userPage = newContext().newPage();
        signIn(userPage, user.email(), ConsoleApi.PASSWORD);

        Page adminPage = newContext().newPage();
        signIn(adminPage, E2eEnvironment.adminEmail(), E2eEnvironment.adminPassword());
        link(adminPage, "Users").click();
        adminPage.getByLabel("Search users").fill(user.email());
        Locator row = adminPage.locator("tbody tr").filter(new Locator.FilterOptions().setHasText(user.email()));
        assertThat(adminPage.locator(".users-table tbody tr")).hasCount(1);
        row.getByRole(
                        AriaRole.BUTTON,
                        new Locator.GetByRoleOptions().setName("Log out").setExact(true))
                .click();
        assertThat(dialog(adminPage)).containsText("Log out " + user.email() + "?");
        confirm(adminPage);
        // the flash, not the screen reader's live region, which repeats the message 30 ms later
        assertThat(adminPage.locator("#flash").getByText(user.email() + " was signed out of 1 session."))
                .isVisible();

        // no click on the user's page: the banner comes by itself, with the reason in words
        assertThat(expiredBanner(userPage)).isVisible(new LocatorAssertions.IsVisibleOptions().setTimeout(2_000));
        assertThat(expiredBanner(userPage)).containsText("An administrator signed you out.");
        button(userPage, "Sign back in").click();
        assertThat(userPage.getByLabel("Email")).hasValue(user.email());
    }

    @Test
    void anIdleTabIsSignedOutWhileTheSessionLivesOnInOtherTabs() {
        ConsoleApi.User user = ConsoleApi.registerUser("idle");
        BrowserContext context = newContext();
        Page idleTab = context.newPage();
        idleTab.navigate("/signin?idle-timeout-seconds=3");
        fillSignIn(idleTab, user.email(), ConsoleApi.PASSWORD);
        assertThat(heading(idleTab, "Active sessions")).isVisible();

        assertThat(expiredBanner(idleTab)).isVisible(new LocatorAssertions.IsVisibleOptions().setTimeout(15_000));
        assertThat(expiredBanner(idleTab)).containsText("without activity");

        Page otherTab = context.newPage();
        otherTab.navigate("/sessions");
        assertThat(heading(otherTab, "Active sessions")).isVisible();
        assertThat(otherTab.getByText("This session", new Page.GetByTextOptions().setExact(true)))
                .isVisible();
        assertThat(expiredBanner(otherTab)).hasCount(0);

        idleTab.reload();
        assertThat(heading(idleTab, "Sign in")).isVisible();
        assertThat(idleTab).hasURL(Pattern.compile("/signin(\\?.*)?$"));
        assertThat(idleTab.getByLabel("Email")).hasValue(user.email());
    }

    @Test
    void activityKeepsAnIdleTabSignedIn() {
        ConsoleApi.User user = ConsoleApi.registerUser("busy");
        Page page = newContext().newPage();
        page.navigate("/signin?idle-timeout-seconds=4");
        fillSignIn(page, user.email(), ConsoleApi.PASSWORD);
        assertThat(heading(page, "Active sessions")).isVisible();
        long until = System.currentTimeMillis() + 8_000;

        // a keystroke every second for twice the limit: the tab must stay signed in
        Awaitility.await()
                .pollInSameThread()
                .pollInterval(Duration.ofSeconds(1))
                .atMost(Duration.ofSeconds(20))
                .until(() -> {
                    page.keyboard().press("Shift");
                    return System.currentTimeMillis() > until
                            && expiredBanner(page).count() == 0;
                });

        assertThat(expiredBanner(page)).hasCount(0);
        link(page, "Activity").click();
        assertThat(heading(page, "Recent activity")).isVisible();
    }
}
