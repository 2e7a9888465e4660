package dev.sessions.e2e.console;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Route;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

/**
 * The console needs no inline script, no inline style and no other origin, so a gateway may serve it under a strict
 * Content-Security-Policy. The policy is added to the page here; the gateway's own headers are its business.
 */
class ContentSecurityPolicyTest extends ConsoleTestBase {

    static final String STRICT_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
            + "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private static final String RECORD_VIOLATIONS = "window.__violations = [];"
            + "document.addEventListener('securitypolicyviolation',"
            + " (e) => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));";

    @Test
    void everyPageWorksUnderAStrictContentSecurityPolicy() {
        ConsoleApi.User user = ConsoleApi.registerUser("csp");
        ConsoleApi.Login other = ConsoleApi.login(user.email(), ConsoleApi.PASSWORD, ConsoleApi.UA_WINDOWS_CHROME);
        ConsoleApi.awaitHistory(other.accessToken(), 1);
        BrowserContext context = newContext();
        context.route("**/*", ContentSecurityPolicyTest::withPolicyOnDocuments);
        context.addInitScript(RECORD_VIOLATIONS);
        List<String> consoleErrors = new ArrayList<>();
        Page page = context.newPage();
        page.onConsoleMessage(message -> {
            if (message.text().contains("Content Security Policy")) {
                consoleErrors.add(message.text());
            }
        });

        signIn(page, user.email(), ConsoleApi.PASSWORD);
        assertThat(page.locator(".sessions-table tbody tr")).hasCount(2);
        button(page, "Revoke").click();
        button(page, "Cancel").click();
        link(page, "Activity").click();
        assertThat(heading(page, "Recent activity")).isVisible();
        assertThat(page.locator(".history-table tbody tr").first()).isVisible();

        Assertions.assertThat(page.evaluate("() => window.__violations"))
                .asList()
                .isEmpty();
        Assertions.assertThat(consoleErrors).isEmpty();
        Assertions.assertThat(page.evaluate("() => getComputedStyle(document.querySelector('.app-header')).position"))
                .as("the stylesheet applied")
                .isEqualTo("sticky");

        // the policy is really in force: an inline style is refused and reported
        page.evaluate("() => document.body.setAttribute('style', 'outline: 1px solid red')");
        page.waitForCondition(() -> !((List<?>) page.evaluate("() => window.__violations")).isEmpty());
    }

    @Test
    void theGatewaysOwnPolicyIsInForceAndTheConsoleWorksUnderIt() {
        ConsoleApi.User user = ConsoleApi.registerUser("csp-gateway");
        BrowserContext context = newContext();
        context.addInitScript(RECORD_VIOLATIONS);
        Page page = context.newPage();

        signIn(page, user.email(), ConsoleApi.PASSWORD);
        assertThat(page.locator(".sessions-table tbody tr")).hasCount(1);
        link(page, "Activity").click();
        assertThat(heading(page, "Recent activity")).isVisible();
        Assertions.assertThat(page.evaluate("() => window.__violations"))
                .asList()
                .isEmpty();

        // an inline script is refused by the policy the gateway sends
        page.evaluate("() => { const s = document.createElement('script'); s.textContent = 'window.__inline = 1';"
                + " document.head.appendChild(s); }");
        page.waitForCondition(() -> !((List<?>) page.evaluate("() => window.__violations")).isEmpty());
        Assertions.assertThat(page.evaluate("() => window.__inline === undefined"))
                .isEqualTo(true);
    }

    private static void withPolicyOnDocuments(Route route) {
        if (!"document".equals(route.request().resourceType())) {
            route.resume();
            return;
        }
        APIResponse response = route.fetch();
        Map<String, String> headers = new HashMap<>(response.headers());
        headers.put("content-security-policy", STRICT_POLICY);
        route.fulfill(new Route.FulfillOptions().setResponse(response).setHeaders(headers));
    }
}
