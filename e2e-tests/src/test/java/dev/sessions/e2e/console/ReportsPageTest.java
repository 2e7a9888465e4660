package dev.sessions.e2e.console;

import java.time.Duration;
import java.util.regex.Pattern;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import org.assertj.core.api.Assertions;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import dev.sessions.e2e.E2eEnvironment;
import dev.sessions.e2e.GatewayClient;
import dev.sessions.e2e.GatewayClient.Answer;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

/** The revoke dialog's "Report this session to an administrator", and the admins' "Reports" page. */
class ReportsPageTest extends ConsoleTestBase {

    @Test
    void aUserReportsASessionAndAnAdminResolvesIt() {
        ConsoleApi.User user = ConsoleApi.registerUser("report");
        ConsoleApi.Login stranger = ConsoleApi.loginFrom("81.2.69.142", user.email(), ConsoleApi.UA_IPHONE_SAFARI);
        Page page = newContext().newPage();
        signIn(page, user.email(), ConsoleApi.PASSWORD);
        assertThat(link(page, "Reports")).hasCount(0);
        Locator row = sessionRow(page, stranger.sessionId());

        row.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Revoke"))
                .click();
        Locator dialog = dialog(page);
        Locator report = dialog.getByLabel("Report this session to an administrator");
        assertThat(report).not().isChecked();
        report.check();
        dialog.getByLabel("Note for the administrator (optional)").fill("I was asleep in Madrid");
        screenshot(page, "confirm-report", false);
        confirm(page);

        assertThat(row).hasCount(0);
        Assertions.assertThat(ConsoleApi.whoamiStatus(stranger.accessToken())).isEqualTo(401);

        awaitOpenReportOf(user.email());
        Page admin = newContext().newPage();
        signIn(admin, E2eEnvironment.adminEmail(), E2eEnvironment.adminPassword());
        link(admin, "Reports").click();
        assertThat(heading(admin, "Reports")).isVisible();
        Locator reported =
                admin.locator(".reports-table tbody tr").filter(new Locator.FilterOptions().setHasText(user.email()));
        assertThat(reported).hasCount(1);
        assertThat(reported).containsText("I was asleep in Madrid");
        assertThat(reported).containsText("Safari on iOS");
        assertThat(reported.locator("td[data-label='IP address']")).hasText("81.2.69.142");
        assertThat(reported.locator("td[data-label='Location']")).hasText(located("London, United Kingdom"));
        assertThat(reported.locator("td[data-label='Reported'] time")).hasAttribute("datetime", Pattern.compile("Z$"));
        screenshot(admin, "reports");

        reported.getByRole(
                        AriaRole.BUTTON,
                        new Locator.GetByRoleOptions().setName("Resolve").setExact(true))
                .click();
        assertThat(reported).hasCount(0);
    }

    @Test
    void revokingWithoutTheCheckboxReportsNothing() {
        ConsoleApi.User user = ConsoleApi.registerUser("no-report");
        ConsoleApi.Login other = ConsoleApi.login(user.email(), ConsoleApi.PASSWORD, ConsoleApi.UA_WINDOWS_CHROME);
        ConsoleApi.Login reader = ConsoleApi.login(user.email(), ConsoleApi.PASSWORD, ConsoleApi.UA_LINUX_FIREFOX);
        Page page = newContext().newPage();
        signIn(page, user.email(), ConsoleApi.PASSWORD);

        sessionRow(page, other.sessionId())
                .getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Revoke"))
                .click();
        assertThat(dialog(page).getByLabel("Note for the administrator (optional)"))
                .isHidden();
        confirm(page);

        assertThat(sessionRow(page, other.sessionId())).hasCount(0);
        // three sign-ins and the revocation
        ConsoleApi.awaitHistory(reader.accessToken(), 4);
        Assertions.assertThat(ConsoleApi.history(reader.accessToken()))
                .extracting(event -> event.get("type"))
                .doesNotContain("SESSION_REPORTED")
                .contains("REVOKED");
    }

    /** Waits until the admins' list holds an open report by this email: reports arrive through the history outbox. */
    private static void awaitOpenReportOf(String email) {
        String adminToken = ConsoleApi.admin().accessToken();
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
            Answer page = GatewayClient.send(GatewayClient.request("/admin/reports?status=OPEN&size=100")
                    .header("Authorization", "Bearer " + adminToken)
                    .GET()
                    .build());
            return page.status() == 200 && page.body().contains("\"" + email + "\"");
        });
    }
}
