package dev.sessions.e2e.console;

import java.util.UUID;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

import dev.sessions.e2e.E2eEnvironment;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

/**
 * "Users" for administrators: search, a user's sessions, deactivate and reactivate, the admin role; hidden from everyone
 * else.
 */
class UsersPageTest extends ConsoleTestBase {

    @Test
    void adminFindsUsersAndSeesTheSessionsOfOne() {
        String tag = "findme" + UUID.randomUUID().toString().substring(0, 6);
        ConsoleApi.User first = ConsoleApi.registerUser(tag + "a");
        ConsoleApi.User second = ConsoleApi.registerUser(tag + "b");
        ConsoleApi.Login phone = ConsoleApi.login(first.email(), ConsoleApi.PASSWORD, ConsoleApi.UA_IPHONE_SAFARI);
        ConsoleApi.loginFrom("81.2.69.142", first.email(), ConsoleApi.UA_WINDOWS_CHROME);
        ConsoleApi.awaitHistory(phone.accessToken(), 2);
        Page page = newContext().newPage();
        signIn(page, E2eEnvironment.adminEmail(), E2eEnvironment.adminPassword());

        link(page, "Users").click();
        assertThat(heading(page, "Users")).isVisible();
        Locator search = page.getByLabel("Search users");
        assertThat(search).hasAttribute("type", "search");
        search.fill(tag.toUpperCase());

        Locator rows = page.locator(".users-table tbody tr");
        assertThat(rows).hasCount(2);
        assertThat(rows.nth(0)).containsText(first.email());
        assertThat(rows.nth(1)).containsText(second.email());
        assertThat(rows.nth(0)).containsText(first.displayName());
        assertThat(rows.nth(0)).containsText("Active");

        rows.nth(0)
                .getByRole(
                        AriaRole.BUTTON,
                        new Locator.GetByRoleOptions().setName("Sessions").setExact(true))
                .click();

        Locator detail =
                page.getByRole(AriaRole.REGION, new Page.GetByRoleOptions().setName("Sessions of " + first.email()));
        assertThat(detail).isVisible();
        assertThat(detail.locator(".sessions-table tbody tr")).hasCount(2);
        assertThat(detail.locator(".sessions-table")).containsText("Smartphone");
        assertThat(detail.locator(".sessions-table")).containsText(located("London, United Kingdom"));
        assertThat(detail.getByText("This session")).hasCount(0);
        assertThat(detail.locator(".history-table tbody tr")).hasCount(2);
        screenshot(page, "users");

        search.fill(second.email());
        assertThat(rows).hasCount(1);
        search.fill("no-such-user-" + tag);
        assertThat(page.getByText("No users match")).isVisible();
    }

    @Test
    void adminDeactivatesAndReactivatesAUser() {
        ConsoleApi.User user = ConsoleApi.registerUser("deactivate");
        ConsoleApi.Login session = ConsoleApi.login(user.email(), ConsoleApi.PASSWORD, ConsoleApi.UA_LINUX_FIREFOX);
        Page page = newContext().newPage();
        signIn(page, E2eEnvironment.adminEmail(), E2eEnvironment.adminPassword());
        link(page, "Users").click();
        page.getByLabel("Search users").fill(user.email());
        Locator row = page.locator(".users-table tbody tr");
        assertThat(row).hasCount(1);

        row.getByRole(
                        AriaRole.BUTTON,
                        new Locator.GetByRoleOptions().setName("Deactivate").setExact(true))
                .click();
        confirm(page);

        assertThat(row).containsText("Deactivated");
        assertThat(row.getByRole(
                        AriaRole.BUTTON,
                        new Locator.GetByRoleOptions().setName("Reactivate").setExact(true)))
                .isFocused();
        Assertions.assertThat(ConsoleApi.whoamiStatus(session.accessToken())).isEqualTo(401);
        Assertions.assertThat(ConsoleApi.loginStatus(user.email(), ConsoleApi.PASSWORD))
                .isEqualTo(403);

        row.getByRole(
                        AriaRole.BUTTON,
                        new Locator.GetByRoleOptions().setName("Reactivate").setExact(true))
                .click();
        confirm(page);

        assertThat(row).containsText("Active");
        assertThat(row.getByRole(
                        AriaRole.BUTTON,
                        new Locator.GetByRoleOptions().setName("Deactivate").setExact(true)))
                .isVisible();
        Assertions.assertThat(ConsoleApi.loginStatus(user.email(), ConsoleApi.PASSWORD))
                .isEqualTo(200);
    }

    @Test
    void adminMakesAUserAnAdministratorAndTakesItBackAfterConfirming() {
        ConsoleApi.User user = ConsoleApi.registerUser("promote");
        ConsoleApi.Login session = ConsoleApi.login(user.email(), ConsoleApi.PASSWORD, ConsoleApi.UA_LINUX_FIREFOX);
        Page page = newContext().newPage();
        signIn(page, E2eEnvironment.adminEmail(), E2eEnvironment.adminPassword());
        link(page, "Users").click();
        page.getByLabel("Search users").fill(user.email());
        Locator row = page.locator(".users-table tbody tr");
        assertThat(row).hasCount(1);
        Locator makeAdmin = row.getByRole(
                AriaRole.BUTTON,
                new Locator.GetByRoleOptions().setName("Make admin").setExact(true));

        makeAdmin.click();
        dialog(page)
                .getByRole(
                        AriaRole.BUTTON,
                        new Locator.GetByRoleOptions().setName("Cancel").setExact(true))
                .click();
        assertThat(makeAdmin).isVisible();
        Assertions.assertThat(ConsoleApi.refreshedRoles(session.refreshToken()).roles())
                .containsExactly("user");

        makeAdmin.click();
        confirm(page);

        Locator removeAdmin = row.getByRole(
                AriaRole.BUTTON,
                new Locator.GetByRoleOptions().setName("Remove admin").setExact(true));
        assertThat(removeAdmin).isFocused();
        assertThat(row.locator(".tag-admin")).hasText("admin");
        ConsoleApi.Refreshed promoted = ConsoleApi.refreshedRoles(session.refreshToken());
        Assertions.assertThat(promoted.roles()).containsExactly("user", "admin");

        removeAdmin.click();
        confirm(page);

        assertThat(makeAdmin).isFocused();
        assertThat(row.locator(".tag-admin")).hasCount(0);
        Assertions.assertThat(ConsoleApi.refreshedRoles(promoted.refreshToken()).roles())
                .containsExactly("user");
    }

    @Test
    void aDeactivatedUserIsToldAtSignIn() {
        ConsoleApi.User user = ConsoleApi.registerUser("toldoff");
        Page admin = newContext().newPage();
        signIn(admin, E2eEnvironment.adminEmail(), E2eEnvironment.adminPassword());
        link(admin, "Users").click();
        admin.getByLabel("Search users").fill(user.email());
        Locator row = admin.locator(".users-table tbody tr");
        assertThat(row).hasCount(1);
        row.getByRole(
                        AriaRole.BUTTON,
                        new Locator.GetByRoleOptions().setName("Deactivate").setExact(true))
                .click();
        confirm(admin);
        assertThat(row).containsText("Deactivated");

        Page page = newContext().newPage();
        page.navigate("/signin");
        fillSignIn(page, user.email(), ConsoleApi.PASSWORD);

        assertThat(page.getByRole(AriaRole.ALERT)).hasText("This account is deactivated. Contact your administrator.");
    }

    @Test
    void theUsersPageIsOnlyForAdministrators() {
        ConsoleApi.User user = ConsoleApi.registerUser("notadmin");
        Page page = newContext().newPage();
        signIn(page, user.email(), ConsoleApi.PASSWORD);
        assertThat(link(page, "Users")).hasCount(0);

        page.navigate("/users");

        assertThat(heading(page, "Users")).isVisible();
        assertThat(page.getByText("Only administrators can see the users of this service."))
                .isVisible();
        assertThat(page.getByLabel("Search users")).hasCount(0);
    }
}
