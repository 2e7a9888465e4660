package dev.sessions.e2e.console;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;

import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

import dev.sessions.e2e.GatewayClient;
import dev.sessions.e2e.GatewayClient.Answer;
import dev.sessions.e2e.TotpCodes;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

/** The "Two-factor authentication" section and the second sign-in step, with the keyboard and by role and label. */
class TwoFactorConsoleTest extends ConsoleTestBase {

    @Test
    void setUpWithTheKeyboardThenSignInWithACodeAndWithARecoveryCode() throws IOException {
        ConsoleApi.User user = ConsoleApi.registerUser("twofactor");
        Page page = newContext().newPage();
        signIn(page, user.email(), ConsoleApi.PASSWORD);
        Locator section =
                page.getByRole(AriaRole.REGION, new Page.GetByRoleOptions().setName("Two-factor authentication"));
        assertThat(section.getByText("Off.")).isVisible();

        section.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Set up"))
                .click();
        assertThat(page.getByLabel("Your password")).isFocused();
        page.keyboard().type("not the password");
        page.keyboard().press("Enter");
        assertThat(section.getByText("The password is wrong.")).isVisible();
        page.getByLabel("Your password").fill(ConsoleApi.PASSWORD);
        page.keyboard().press("Enter");

        assertThat(page.getByRole(
                        AriaRole.IMG, new Page.GetByRoleOptions().setName("QR code for your authenticator app")))
                .isVisible();
        String secret = section.locator(".secret").innerText().replace(" ", "");
        Assertions.assertThat(secret).matches("[A-Z2-7]{32}");
        assertThat(page.getByLabel("Authentication code")).isFocused();
        page.keyboard().type("000000");
        page.keyboard().press("Enter");
        assertThat(section.getByText("That code did not work.", new Locator.GetByTextOptions().setExact(false)))
                .isVisible();
        page.getByLabel("Authentication code").fill(TotpCodes.now(secret, 0));
        button(page, "Turn on").click();

        Locator codes = section.locator(".recovery-codes li");
        assertThat(codes).hasCount(10);
        List<String> recoveryCodes = codes.allInnerTexts();
        Download download = page.waitForDownload(() -> button(page, "Download").click());
        Assertions.assertThat(download.suggestedFilename()).isEqualTo("recovery-codes.txt");
        Assertions.assertThat(Files.readString(download.path())).contains(recoveryCodes);
        button(page, "Done").click();
        assertThat(section.getByText("10 recovery codes left.", new Locator.GetByTextOptions().setExact(false)))
                .isVisible();
        assertThat(button(page, "Turn off")).isVisible();
        assertThat(button(page, "New recovery codes")).isVisible();

        Page second = newContext().newPage();
        second.navigate("/signin");
        fillSignIn(second, user.email(), ConsoleApi.PASSWORD);
        assertThat(second.getByLabel("Authentication code")).isFocused();
        second.keyboard().type("000000");
        second.keyboard().press("Enter");
        assertThat(second.getByText("That code did not work. Check it and try again."))
                .isVisible();
        second.getByLabel("Authentication code").fill(TotpCodes.now(secret, 1));
        button(second, "Verify").click();
        assertThat(heading(second, "Active sessions")).isVisible();

        Page third = newContext().newPage();
        third.navigate("/signin");
        fillSignIn(third, user.email(), ConsoleApi.PASSWORD);
        third.getByLabel("Authentication code").fill(recoveryCodes.get(0));
        button(third, "Verify").click();
        assertThat(heading(third, "Active sessions")).isVisible();
        assertThat(expiredBanner(third)).hasCount(0);
    }

    @Test
    void newRecoveryCodesAndTurningOff() {
        ConsoleApi.User user = ConsoleApi.registerUser("twofactoroff");
        Page page = newContext().newPage();
        signIn(page, user.email(), ConsoleApi.PASSWORD);
        List<String> enrolled = enrollThroughTheApi(user.email());
        page.reload();
        Locator section =
                page.getByRole(AriaRole.REGION, new Page.GetByRoleOptions().setName("Two-factor authentication"));

        button(page, "New recovery codes").click();
        page.getByLabel("Authentication code").fill(TotpCodes.now(enrolled.get(0), 1));
        button(page, "Get new codes").click();
        assertThat(section.locator(".recovery-codes li")).hasCount(10);
        assertThat(section.getByText("New recovery codes made; the old ones no longer work."))
                .isVisible();
        String fresh = section.locator(".recovery-codes li").first().innerText();
        button(page, "Done").click();

        button(page, "Turn off").click();
        page.getByLabel("Your password").fill(ConsoleApi.PASSWORD);
        page.getByLabel("Authentication code").fill(enrolled.get(1));
        button(page, "Turn off").click();
        assertThat(section.getByText("The password or the code is wrong.")).isVisible();
        page.getByLabel("Authentication code").fill(fresh);
        button(page, "Turn off").click();

        assertThat(section.getByText("Two-factor authentication is off.")).isVisible();
        assertThat(button(page, "Set up")).isVisible();
        Assertions.assertThat(ConsoleApi.loginStatus(user.email(), ConsoleApi.PASSWORD))
                .isEqualTo(200);
    }

    /** Turns TOTP on for a user over HTTP: the secret, then one of the (old) recovery codes. */
    private static List<String> enrollThroughTheApi(String email) {
        String bearer = GatewayClient.signIn(email, ConsoleApi.PASSWORD, false).bearer();
        Answer setup = GatewayClient.send(GatewayClient.request("/auth/mfa/totp/setup")
                .header("Authorization", bearer)
                .header("Content-Type", "application/json")
                .POST(GatewayClient.json(Map.of("currentPassword", ConsoleApi.PASSWORD)))
                .build());
        String secret = setup.json().path("secret").asText();
        Answer confirmed = GatewayClient.send(GatewayClient.request("/auth/mfa/totp/confirm")
                .header("Authorization", bearer)
                .header("Content-Type", "application/json")
                .POST(GatewayClient.json(Map.of("code", TotpCodes.now(secret, 0))))
                .build());
        Assertions.assertThat(confirmed.status()).as(confirmed.body()).isEqualTo(200);
        return List.of(secret, confirmed.json().path("recoveryCodes").get(0).asText());
    }
}
