package dev.sessions.e2e.console;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import org.junit.jupiter.api.Test;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

/**
 * The console's live parts: the sessions list follows the user's other sessions by itself, sign-in flags read in
 * words, the avatar menu, and the page's help texts.
 */
class LiveConsoleTest extends ConsoleTestBase {

    @Test
    void aSignInElsewhereAppearsInTheListByItselfWithItsFlagsInWords() {
        ConsoleApi.User user = ConsoleApi.registerUser("livelist");
        // the account's first sign-in, from Linux and Firefox: it carries no flag
        ConsoleApi.Login first = ConsoleApi.login(user.email(), ConsoleApi.PASSWORD, ConsoleApi.UA_LINUX_FIREFOX);
        Page page = newContext().newPage();
        signIn(page, user.email(), ConsoleApi.PASSWORD);
        assertThat(sessionRow(page, first.sessionId())).isVisible();
        assertThat(sessionRow(page, first.sessionId())).not().containsText("New device");

        ConsoleApi.Login phone = ConsoleApi.login(user.email(), ConsoleApi.PASSWORD, ConsoleApi.UA_IPHONE_SAFARI);

        // no click: sessions-changed from GET /sessions/events reloads the list
        assertThat(sessionRow(page, phone.sessionId()))
                .isVisible(new LocatorAssertions.IsVisibleOptions().setTimeout(5_000));
        assertThat(sessionRow(page, phone.sessionId())).containsText("New device");

        ConsoleApi.revokeOthers(phone.accessToken());
        // the phone signed this tab out too: its banner comes by itself
        assertThat(expiredBanner(page)).isVisible(new LocatorAssertions.IsVisibleOptions().setTimeout(2_000));
    }

    @Test
    void theAvatarMenuLeadsToTheSessionsAndSignsOut() {
        ConsoleApi.User user = ConsoleApi.registerUser("avatarmenu");
        Page page = newContext().newPage();
        signIn(page, user.email(), ConsoleApi.PASSWORD);
        link(page, "Activity").click();
        assertThat(heading(page, "Recent activity")).isVisible();

        accountMenuItem(page, "Account settings").click();
        assertThat(heading(page, "Active sessions")).isVisible();

        accountMenuItem(page, "Sign out").click();
        assertThat(heading(page, "Sign in")).isVisible();
    }

    @Test
    void theSessionsPageAnswersWhySignedOutAndWhyNoLocation() {
        ConsoleApi.User user = ConsoleApi.registerUser("helptexts");
        Page page = newContext().newPage();
        signIn(page, user.email(), ConsoleApi.PASSWORD);

        page.getByText("Why was I signed out?").click();
        assertThat(page.getByText(
                        "A tab also signs itself out after 2 hours without use.",
                        new Page.GetByTextOptions().setExact(false)))
                .isVisible();
        page.getByText("Why is the location unknown?").click();
        assertThat(page.getByText(
                        "The location is estimated from the IP address.", new Page.GetByTextOptions().setExact(false)))
                .isVisible();
    }
}
