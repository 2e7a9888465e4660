package dev.sessions.e2e.console;

import com.microsoft.playwright.Page;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

/** Changing the password on the sessions page, keeping or ending the other sessions. */
class ChangePasswordTest extends ConsoleTestBase {

    private static final String NEW_PASSWORD = "a brand new password 42";

    @Test
    void changingThePasswordCanSignOutTheOtherSessions() {
        ConsoleApi.User user = ConsoleApi.registerUser("newpassword");
        ConsoleApi.Login other = ConsoleApi.login(user.email(), ConsoleApi.PASSWORD, ConsoleApi.UA_IPHONE_SAFARI);
        Page page = newContext().newPage();
        signIn(page, user.email(), ConsoleApi.PASSWORD);
        assertThat(page.locator(".sessions-table tbody tr")).hasCount(2);

        page.getByLabel("Current password").fill(ConsoleApi.PASSWORD);
        page.getByLabel("New password").fill(NEW_PASSWORD);
        page.getByLabel("Also sign out my other sessions").check();
        button(page, "Change password").click();

        assertThat(page.getByText("Password changed. Your other sessions were signed out."))
                .isVisible();
        assertThat(page.locator(".sessions-table tbody tr")).hasCount(1);
        Assertions.assertThat(ConsoleApi.whoamiStatus(other.accessToken())).isEqualTo(401);
        Assertions.assertThat(ConsoleApi.loginStatus(user.email(), ConsoleApi.PASSWORD))
                .isEqualTo(401);
        Assertions.assertThat(ConsoleApi.loginStatus(user.email(), NEW_PASSWORD))
                .isEqualTo(200);
        assertThat(expiredBanner(page)).hasCount(0);
    }

    @Test
    void aWrongCurrentPasswordChangesNothing() {
        ConsoleApi.User user = ConsoleApi.registerUser("wrongcurrent");
        ConsoleApi.Login other = ConsoleApi.login(user.email(), ConsoleApi.PASSWORD, ConsoleApi.UA_IPHONE_SAFARI);
        Page page = newContext().newPage();
        signIn(page, user.email(), ConsoleApi.PASSWORD);

        page.getByLabel("Current password").fill("this is not it at all");
        page.getByLabel("New password").fill(NEW_PASSWORD);
        button(page, "Change password").click();

        assertThat(page.locator(".password-form .form-message.error")).containsText("current password is wrong");
        Assertions.assertThat(ConsoleApi.whoamiStatus(other.accessToken())).isEqualTo(200);
        Assertions.assertThat(ConsoleApi.loginStatus(user.email(), ConsoleApi.PASSWORD))
                .isEqualTo(200);
        assertThat(expiredBanner(page)).hasCount(0);
    }

    @Test
    void withoutTheCheckboxTheOtherSessionsStay() {
        ConsoleApi.User user = ConsoleApi.registerUser("keepothers");
        ConsoleApi.Login other = ConsoleApi.login(user.email(), ConsoleApi.PASSWORD, ConsoleApi.UA_ANDROID_CHROME);
        Page page = newContext().newPage();
        signIn(page, user.email(), ConsoleApi.PASSWORD);

        page.getByLabel("Current password").fill(ConsoleApi.PASSWORD);
        page.getByLabel("New password").fill(NEW_PASSWORD);
        button(page, "Change password").click();

        assertThat(page.getByText("Password changed.", new Page.GetByTextOptions().setExact(true)))
                .isVisible();
        Assertions.assertThat(ConsoleApi.whoamiStatus(other.accessToken())).isEqualTo(200);
        Assertions.assertThat(ConsoleApi.loginStatus(user.email(), NEW_PASSWORD))
                .isEqualTo(200);
    }
}
