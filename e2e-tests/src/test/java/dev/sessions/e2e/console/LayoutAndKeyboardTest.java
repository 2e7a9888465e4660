package dev.sessions.e2e.console;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

/** The console at phone width, and with the keyboard alone. */
class LayoutAndKeyboardTest extends ConsoleTestBase {

    private static final String NO_HORIZONTAL_SCROLL =
            "() => document.documentElement.scrollWidth <= document.documentElement.clientWidth";

    @Test
    void everyPageFitsAPhoneScreen() {
        ConsoleApi.User user = ConsoleApi.registerUser("phone");
        ConsoleApi.Login phone = ConsoleApi.login(user.email(), ConsoleApi.PASSWORD, ConsoleApi.UA_IPHONE_SAFARI);
        ConsoleApi.awaitHistory(phone.accessToken(), 1);
        Page page = newContext(390, 844).newPage();
        page.navigate("/signin");
        Assertions.assertThat((Boolean) page.evaluate(NO_HORIZONTAL_SCROLL))
                .as("sign-in page")
                .isTrue();
        fillSignIn(page, user.email(), ConsoleApi.PASSWORD);
        assertThat(heading(page, "Active sessions")).isVisible();

        Assertions.assertThat((Boolean) page.evaluate(NO_HORIZONTAL_SCROLL))
                .as("sessions page")
                .isTrue();
        assertThat(button(page, "Sign out of all devices")).isInViewport();
        Locator revoke = button(page, "Revoke");
        revoke.scrollIntoViewIfNeeded();
        assertThat(revoke).isInViewport();
        screenshot(page, "sessions-phone");

        link(page, "Activity").click();
        assertThat(heading(page, "Recent activity")).isVisible();
        assertThat(page.locator(".history-table tbody tr").first()).isVisible();
        Assertions.assertThat((Boolean) page.evaluate(NO_HORIZONTAL_SCROLL))
                .as("activity page")
                .isTrue();
    }

    @Test
    void signInAndConfirmationsWorkWithTheKeyboard() {
        ConsoleApi.User user = ConsoleApi.registerUser("keyboard");
        ConsoleApi.Login other = ConsoleApi.login(user.email(), ConsoleApi.PASSWORD, ConsoleApi.UA_WINDOWS_CHROME);
        Page page = newContext().newPage();
        page.navigate("/signin");
        assertThat(page.getByLabel("Email")).isFocused();
        page.keyboard().type(user.email());
        page.keyboard().press("Tab");
        page.keyboard().type(ConsoleApi.PASSWORD);
        page.keyboard().press("Enter");
        assertThat(heading(page, "Active sessions")).isVisible();

        Locator revoke = sessionRow(page, other.sessionId())
                .getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Revoke"));
        assertThat(revoke).isVisible();
        for (int presses = 0; presses < 40 && !isFocused(revoke); presses++) {
            page.keyboard().press("Tab");
        }
        assertThat(revoke).isFocused();

        page.keyboard().press("Enter");
        assertThat(dialog(page)).isVisible();
        assertThat(dialog(page).getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Cancel")))
                .isFocused();
        page.keyboard().press("Escape");
        assertThat(dialog(page)).hasCount(0);
        assertThat(revoke).isFocused();
        Assertions.assertThat(ConsoleApi.whoamiStatus(other.accessToken())).isEqualTo(200);

        page.keyboard().press("Enter");
        page.keyboard().press("Tab");
        assertThat(dialog(page).getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Confirm")))
                .isFocused();
        page.keyboard().press("Enter");
        assertThat(sessionRow(page, other.sessionId())).hasCount(0);
        Assertions.assertThat(ConsoleApi.whoamiStatus(other.accessToken())).isEqualTo(401);
    }

    private static boolean isFocused(Locator locator) {
        return (Boolean) locator.evaluate("el => el === document.activeElement");
    }
}
