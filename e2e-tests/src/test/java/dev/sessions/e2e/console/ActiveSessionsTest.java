package dev.sessions.e2e.console;

import java.util.List;
import java.util.regex.Pattern;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

/** "Active sessions": the table, revoking one session, all other sessions, and all sessions. */
class ActiveSessionsTest extends ConsoleTestBase {

    @Test
    void tableShowsEachSessionAsAPersonWouldDescribeIt() {
        ConsoleApi.User user = ConsoleApi.registerUser("table");
        ConsoleApi.Login phone = ConsoleApi.login(user.email(), ConsoleApi.PASSWORD, ConsoleApi.UA_IPHONE_SAFARI);
        ConsoleApi.Login tablet = ConsoleApi.login(user.email(), ConsoleApi.PASSWORD, ConsoleApi.UA_IPAD_SAFARI);
        ConsoleApi.Login windows = ConsoleApi.login(user.email(), ConsoleApi.PASSWORD, ConsoleApi.UA_WINDOWS_CHROME);
        ConsoleApi.Login london = ConsoleApi.loginFrom("81.2.69.142", user.email(), ConsoleApi.UA_LINUX_FIREFOX);
        ConsoleApi.Login stockholm = ConsoleApi.loginFrom("89.160.20.112", user.email(), ConsoleApi.UA_ANDROID_CHROME);
        ConsoleApi.Login unknown = ConsoleApi.login(user.email(), ConsoleApi.PASSWORD, ConsoleApi.UA_SCRIPT);
        Page page = newContext().newPage();
        signIn(page, user.email(), ConsoleApi.PASSWORD);

        Locator table = page.getByRole(AriaRole.TABLE);
        // a web-first assertion: it waits for the table to render (reading the texts at once raced the first fetch)
        assertThat(table.locator("thead th")).containsText(new String[] {
            "Device", "Browser", "Location", "IP address", "First sign-in", "Last activity", "Expires"
        });
        assertThat(table.locator("tbody tr")).hasCount(7);

        Locator current = table.locator("tbody tr").first();
        assertThat(current).containsText("This session");
        assertThat(current.getByRole(AriaRole.BUTTON)).hasCount(0);
        assertThat(current.locator("td[data-label='Location']")).hasText("Unknown location");
        assertThat(current.locator("td[data-label='Expires']"))
                .hasText(Pattern.compile("^in \\d+ (minutes|hours|days)$"));
        assertThat(table.getByRole(
                        AriaRole.BUTTON,
                        new Locator.GetByRoleOptions().setName("Revoke").setExact(true)))
                .hasCount(6);

        assertThat(deviceCell(page, phone)).containsText("Smartphone");
        assertThat(deviceCell(page, phone)).containsText("iOS");
        assertThat(sessionRow(page, phone.sessionId()).locator("td[data-label='Browser']"))
                .hasText(Pattern.compile("^Safari"));
        assertThat(deviceCell(page, tablet)).containsText("Tablet");
        assertThat(deviceCell(page, windows)).containsText("Computer");
        assertThat(deviceCell(page, windows)).containsText("Windows");
        assertThat(sessionRow(page, windows.sessionId()).locator("td[data-label='Browser']"))
                .hasText("Chrome 120");
        assertThat(deviceCell(page, unknown)).containsText("Unknown");
        for (ConsoleApi.Login login : List.of(phone, tablet, windows, london, stockholm, unknown)) {
            assertThat(deviceCell(page, login).locator(".device-icon svg")).hasCount(1);
            assertThat(sessionRow(page, login.sessionId()).locator("td[data-label='Expires']"))
                    .hasText("in 29 days");
        }
        assertThat(sessionRow(page, london.sessionId()).locator("td[data-label='Location']"))
                .hasText(located("London, United Kingdom"));
        assertThat(sessionRow(page, london.sessionId()).locator("td[data-label='IP address']"))
                .hasText("81.2.69.142");
        assertThat(sessionRow(page, stockholm.sessionId()).locator("td[data-label='Location']"))
                .hasText(located("Stockholm, Sweden"));
        assertThat(sessionRow(page, phone.sessionId()).locator("td[data-label='Location']"))
                .hasText("Unknown location");
        screenshot(page, "sessions");
    }

    @Test
    void anotherSessionIsRevokedFromThePageAfterConfirmation() {
        ConsoleApi.User user = ConsoleApi.registerUser("revoke");
        ConsoleApi.Login other = ConsoleApi.login(user.email(), ConsoleApi.PASSWORD, ConsoleApi.UA_WINDOWS_CHROME);
        Page page = newContext().newPage();
        signIn(page, user.email(), ConsoleApi.PASSWORD);
        Locator row = sessionRow(page, other.sessionId());
        assertThat(row).containsText("Chrome 120");

        row.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Revoke"))
                .click();
        assertThat(dialog(page)).containsText("Revoke this session?");
        screenshot(page, "confirm-revoke", false);
        dialog(page)
                .getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Cancel"))
                .click();
        assertThat(dialog(page)).hasCount(0);
        assertThat(row).isVisible();
        Assertions.assertThat(ConsoleApi.whoamiStatus(other.accessToken())).isEqualTo(200);

        row.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Revoke"))
                .click();
        confirm(page);

        assertThat(row).hasCount(0);
        assertThat(page.getByRole(AriaRole.TABLE).locator("tbody tr")).hasCount(1);
        Assertions.assertThat(ConsoleApi.whoamiStatus(other.accessToken())).isEqualTo(401);
    }

    @Test
    void signOutOfAllOtherDevicesKeepsOnlyThisSession() {
        ConsoleApi.User user = ConsoleApi.registerUser("others");
        ConsoleApi.Login first = ConsoleApi.login(user.email(), ConsoleApi.PASSWORD, ConsoleApi.UA_IPHONE_SAFARI);
        ConsoleApi.Login second = ConsoleApi.login(user.email(), ConsoleApi.PASSWORD, ConsoleApi.UA_LINUX_FIREFOX);
        Page page = newContext().newPage();
        signIn(page, user.email(), ConsoleApi.PASSWORD);
        assertThat(page.getByRole(AriaRole.TABLE).locator("tbody tr")).hasCount(3);

        button(page, "Sign out of all other devices").click();
        assertThat(dialog(page)).containsText("Sign out of all other devices?");
        confirm(page);

        assertThat(page.getByRole(AriaRole.TABLE).locator("tbody tr")).hasCount(1);
        assertThat(page.getByRole(AriaRole.TABLE)).containsText("This session");
        Assertions.assertThat(ConsoleApi.whoamiStatus(first.accessToken())).isEqualTo(401);
        Assertions.assertThat(ConsoleApi.whoamiStatus(second.accessToken())).isEqualTo(401);
        assertThat(expiredBanner(page)).hasCount(0);
    }

    @Test
    void signOutOfAllDevicesEndsEverySessionAndShowsSignIn() {
        ConsoleApi.User user = ConsoleApi.registerUser("alldevices");
        ConsoleApi.Login other = ConsoleApi.login(user.email(), ConsoleApi.PASSWORD, ConsoleApi.UA_ANDROID_CHROME);
        Page page = newContext().newPage();
        signIn(page, user.email(), ConsoleApi.PASSWORD);

        button(page, "Sign out of all devices").click();
        assertThat(dialog(page)).containsText("Sign out of all devices?");
        confirm(page);

        assertThat(heading(page, "Sign in")).isVisible();
        assertThat(page.getByText("You signed out of all devices.")).isVisible();
        Assertions.assertThat(ConsoleApi.whoamiStatus(other.accessToken())).isEqualTo(401);
        page.reload();
        assertThat(heading(page, "Sign in")).isVisible();
    }

    private static Locator deviceCell(Page page, ConsoleApi.Login login) {
        return sessionRow(page, login.sessionId()).locator("td[data-label='Device']");
    }
}
