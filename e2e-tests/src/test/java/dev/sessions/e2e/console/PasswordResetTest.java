package dev.sessions.e2e.console;

import java.util.regex.Pattern;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

import dev.sessions.e2e.MailDev;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

/** "Forgot password?" from the sign-in page, the emailed link (read from MailDev) and the new password, in Chromium. */
class PasswordResetTest extends ConsoleTestBase {

    private static final String NEW_PASSWORD = "a fresh console passphrase";

    @Test
    void aForgottenPasswordIsResetWithTheEmailedLink() {
        MailDev mail = MailDev.ofStack();
        ConsoleApi.User user = ConsoleApi.registerUser("forgot");
        ConsoleApi.Login elsewhere = ConsoleApi.login(user.email(), ConsoleApi.PASSWORD, ConsoleApi.UA_WINDOWS_CHROME);
        Page page = newContext().newPage();

        page.navigate("/signin");
        link(page, "Forgot password?").click();
        Assertions.assertThat(page.url()).endsWith("/forgot-password");
        page.getByLabel("Email").fill(user.email());
        button(page, "Send reset link").press("Enter");
        assertThat(page.getByRole(AriaRole.STATUS)).containsText("If an account with this email exists");
        screenshot(page, "forgot-password");

        String resetLink = mail.await(user.email(), "Reset your password").resetLink();
        page.navigate(resetLink);
        assertThat(heading(page, "Choose a new password")).isVisible();
        // the token is taken out of the address bar (and the history entry) as soon as the page reads it
        assertThat(page).hasURL(Pattern.compile(".*/reset-password$"));
        newPassword(page).fill("too short");
        button(page, "Set new password").click();
        assertThat(page.getByRole(AriaRole.ALERT)).containsText("at least 10 characters");
        newPassword(page).fill(NEW_PASSWORD);
        button(page, "Set new password").click();

        assertThat(heading(page, "Sign in")).isVisible();
        assertThat(page.locator(".notice")).containsText("Sign in with your new password");
        Assertions.assertThat(ConsoleApi.refreshStatus(elsewhere.refreshToken()))
                .isEqualTo(401);
        signIn(page, user.email(), NEW_PASSWORD);
    }

    @Test
    void aUsedLinkSaysSoAndOffersANewOne() {
        MailDev mail = MailDev.ofStack();
        ConsoleApi.User user = ConsoleApi.registerUser("used-link");
        Page page = newContext().newPage();
        page.navigate("/forgot-password");
        page.getByLabel("Email").fill(user.email());
        button(page, "Send reset link").click();
        String resetLink = mail.await(user.email(), "Reset your password").resetLink();

        page.navigate(resetLink);
        newPassword(page).fill(NEW_PASSWORD);
        button(page, "Set new password").click();
        assertThat(heading(page, "Sign in")).isVisible();

        page.navigate(resetLink);
        newPassword(page).fill("another fine passphrase");
        button(page, "Set new password").click();
        assertThat(page.getByRole(AriaRole.ALERT)).containsText("invalid, used or expired");
        link(page, "Ask for a new link").click();
        assertThat(heading(page, "Reset your password")).isVisible();
    }

    private static Locator newPassword(Page page) {
        return page.getByLabel("New password", new Page.GetByLabelOptions().setExact(true));
    }
}
