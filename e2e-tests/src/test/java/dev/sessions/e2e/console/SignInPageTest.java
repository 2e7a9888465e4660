package dev.sessions.e2e.console;

import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.Cookie;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

import dev.sessions.e2e.E2eEnvironment;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

/** The sign-in page, the navigation, signing out, and where the tokens live. */
class SignInPageTest extends ConsoleTestBase {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void signInPageLeadsToTheSessionsPageWithNavigation() {
        ConsoleApi.User user = ConsoleApi.registerUser("signin");
        Page page = newContext().newPage();

        page.navigate("/");
        assertThat(page).hasURL(Pattern.compile("/signin$"));
        assertThat(heading(page, "Sign in")).isVisible();
        assertThat(page.getByLabel("Email")).isEditable();
        assertThat(page.getByLabel("Password", new Page.GetByLabelOptions().setExact(true)))
                .hasAttribute("type", "password");
        assertThat(page.getByRole(AriaRole.CHECKBOX, new Page.GetByRoleOptions().setName("Remember me")))
                .not()
                .isChecked();
        screenshot(page, "sign-in");

        fillSignIn(page, user.email(), ConsoleApi.PASSWORD);

        assertThat(heading(page, "Active sessions")).isVisible();
        assertThat(page).hasURL(Pattern.compile("/sessions$"));
        assertThat(link(page, "Sessions")).hasAttribute("aria-current", "page");
        assertThat(link(page, "Activity")).isVisible();
        assertThat(link(page, "Users")).hasCount(0);
        assertThat(page.locator("header")).containsText(user.displayName());

        link(page, "Activity").click();
        assertThat(heading(page, "Recent activity")).isVisible();
        assertThat(page).hasURL(Pattern.compile("/activity$"));
        page.goBack();
        assertThat(heading(page, "Active sessions")).isVisible();
    }

    @Test
    void wrongPasswordIsRefusedWithOneMessage() {
        ConsoleApi.User user = ConsoleApi.registerUser("wrongpw");
        Page page = newContext().newPage();
        page.navigate("/signin");

        fillSignIn(page, user.email(), "not the password at all");

        assertThat(page.getByRole(AriaRole.ALERT)).hasText("Wrong email or password.");
        assertThat(heading(page, "Sign in")).isVisible();
        assertThat(page.getByLabel("Email")).hasValue(user.email());

        fillSignIn(page, "nobody-" + user.email(), ConsoleApi.PASSWORD);
        assertThat(page.getByRole(AriaRole.ALERT)).hasText("Wrong email or password.");
    }

    @Test
    void accessTokenStaysInMemoryAndTheSessionResumesFromTheCookie() throws Exception {
        ConsoleApi.User user = ConsoleApi.registerUser("memory");
        BrowserContext context = newContext();
        Page page = context.newPage();
        page.navigate("/signin");
        page.getByLabel("Remember me").check();

        Response login = page.waitForResponse(
                r -> r.url().endsWith("/auth/login"), () -> fillSignIn(page, user.email(), ConsoleApi.PASSWORD));
        String accessToken = JSON.readTree(login.text()).path("accessToken").asText();
        assertThat(heading(page, "Active sessions")).isVisible();

        String stored = (String)
                page.evaluate("() => JSON.stringify([{...localStorage}, {...sessionStorage}, document.cookie])");
        Assertions.assertThat(accessToken).isNotBlank();
        Assertions.assertThat(stored).doesNotContain(accessToken).doesNotContain("refresh_token");

        Cookie refreshCookie = context.cookies().stream()
                .filter(c -> c.name.equals("refresh_token"))
                .findFirst()
                .orElseThrow();
        Assertions.assertThat(refreshCookie.httpOnly).isTrue();
        Assertions.assertThat(refreshCookie.path).isEqualTo("/auth");
        Assertions.assertThat(refreshCookie.expires)
                .as("remember me: a persistent cookie")
                .isPositive();

        page.reload();
        assertThat(heading(page, "Active sessions")).isVisible();
        assertThat(page.getByText("This session", new Page.GetByTextOptions().setExact(true)))
                .hasCount(1);
    }

    @Test
    void withoutRememberMeTheRefreshCookieLastsForTheBrowserSession() {
        ConsoleApi.User user = ConsoleApi.registerUser("browsersession");
        BrowserContext context = newContext();
        signIn(context.newPage(), user.email(), ConsoleApi.PASSWORD);

        Cookie refreshCookie = context.cookies().stream()
                .filter(c -> c.name.equals("refresh_token"))
                .findFirst()
                .orElseThrow();
        Assertions.assertThat(refreshCookie.expires)
                .as("no Max-Age: a browser-session cookie")
                .isEqualTo(-1);
    }

    @Test
    void signOutEndsTheSessionAndReturnsToSignIn() {
        ConsoleApi.User user = ConsoleApi.registerUser("signout");
        Page page = newContext().newPage();
        signIn(page, user.email(), ConsoleApi.PASSWORD);

        accountMenuItem(page, "Sign out").click();

        assertThat(heading(page, "Sign in")).isVisible();
        assertThat(page.getByText("You have signed out.")).isVisible();
        page.navigate("/sessions");
        assertThat(heading(page, "Sign in")).isVisible();
        assertThat(page).hasURL(Pattern.compile("/signin$"));
    }

    @Test
    void everyPageCarriesTheLocationDataAttribution() {
        Map<String, Object> attribution = ConsoleApi.locationAttribution();
        ConsoleApi.User user = ConsoleApi.registerUser("footer");
        Page page = newContext().newPage();
        if (!E2eEnvironment.geoipEnabled()) {
            Assertions.assertThat(attribution)
                    .as("no location data, nothing to attribute")
                    .isNull();
            signIn(page, user.email(), ConsoleApi.PASSWORD);
            assertThat(page.locator("footer #attribution")).isEmpty();
            return;
        }
        Assertions.assertThat(attribution).as("location data in use").isNotNull();
        String text = (String) attribution.get("text");

        page.navigate("/signin");
        assertThat(page.locator("footer")).containsText(text);
        signIn(page, user.email(), ConsoleApi.PASSWORD);
        assertThat(page.locator("footer")).containsText(text);
        link(page, "Activity").click();
        assertThat(heading(page, "Recent activity")).isVisible();
        Locator source = page.locator("footer").getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName(text));
        assertThat(source).hasAttribute("href", (String) attribution.get("url"));
    }
}
