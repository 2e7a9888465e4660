package dev.sessions.e2e.console;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.ScreenshotAnimations;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

import dev.sessions.e2e.E2eEnvironment;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

/** Debian's Chromium, headless, driven by Playwright against the gateway of the end-to-end stack. */
abstract class ConsoleTestBase {

    static final Path SCREENSHOTS = Paths.get("target", "screenshots");

    private static Playwright playwright;
    private static Browser browser;

    private final List<BrowserContext> contexts = new ArrayList<>();
    private final List<String> pageErrors = new ArrayList<>();

    @BeforeAll
    static void launchBrowser() {
        playwright = Playwright.create();
        browser = playwright
                .chromium()
                .launch(new BrowserType.LaunchOptions()
                        .setExecutablePath(Paths.get("/usr/bin/chromium"))
                        .setHeadless(true)
                        .setArgs(List.of(
                                "--no-sandbox",
                                "--disable-gpu",
                                "--disable-quic",
                                "--no-first-run",
                                "--disable-background-networking",
                                "--disable-component-update",
                                "--disable-sync")));
        PlaywrightAssertions.setDefaultAssertionTimeout(10_000);
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.close();
        }
        if (playwright != null) {
            playwright.close();
        }
    }

    @AfterEach
    void closeContexts() {
        contexts.forEach(BrowserContext::close);
        contexts.clear();
        Assertions.assertThat(pageErrors)
                .as("uncaught errors in the console's pages")
                .isEmpty();
    }

    /** A fresh browser profile (cookies, storage) at desktop size. */
    BrowserContext newContext() {
        return newContext(1280, 860);
    }

    BrowserContext newContext(int width, int height) {
        BrowserContext context = browser.newContext(new Browser.NewContextOptions()
                .setBaseURL(E2eEnvironment.gatewayUrl())
                .setViewportSize(width, height)
                .setLocale("en-GB")
                .setTimezoneId("Europe/London"));
        context.onPage(page -> page.onPageError(error -> pageErrors.add(page.url() + ": " + error)));
        contexts.add(context);
        return context;
    }

    /** Opens the sign-in page and signs in; returns once the sessions page shows. */
    static void signIn(Page page, String email, String password) {
        page.navigate("/signin");
        fillSignIn(page, email, password);
        assertThat(heading(page, "Active sessions")).isVisible();
    }

    static void fillSignIn(Page page, String email, String password) {
        page.getByLabel("Email").fill(email);
        page.getByLabel("Password", new Page.GetByLabelOptions().setExact(true)).fill(password);
        page.getByRole(
                        AriaRole.BUTTON,
                        new Page.GetByRoleOptions().setName("Sign in").setExact(true))
                .click();
    }

    static Locator heading(Page page, String name) {
        return page.getByRole(
                AriaRole.HEADING,
                new Page.GetByRoleOptions().setName(name).setExact(true).setLevel(1));
    }

    static Locator button(Page page, String name) {
        return page.getByRole(
                AriaRole.BUTTON, new Page.GetByRoleOptions().setName(name).setExact(true));
    }

    /** Opens the header's avatar menu and returns its item {@code name} ("Account settings", "Sign out"). */
    static Locator accountMenuItem(Page page, String name) {
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName(Pattern.compile("^Account menu")))
                .click();
        return page.getByRole(
                AriaRole.MENUITEM, new Page.GetByRoleOptions().setName(name).setExact(true));
    }

    static Locator link(Page page, String name) {
        return page.getByRole(
                AriaRole.LINK, new Page.GetByRoleOptions().setName(name).setExact(true));
    }

    static Locator dialog(Page page) {
        return page.getByRole(AriaRole.DIALOG);
    }

    static void confirm(Page page) {
        Locator dialog = dialog(page);
        assertThat(dialog).isVisible();
        dialog.getByRole(
                        AriaRole.BUTTON,
                        new Locator.GetByRoleOptions().setName("Confirm").setExact(true))
                .click();
        assertThat(dialog).hasCount(0);
    }

    static Locator expiredBanner(Page page) {
        return page.getByRole(AriaRole.ALERT)
                .filter(new Locator.FilterOptions().setHasText("Your session has expired"));
    }

    /** What the console shows for an address the location data knows: the place, or without data "Unknown location". */
    static String located(String place) {
        return E2eEnvironment.geoipEnabled() ? place : "Unknown location";
    }

    /** The table row of the session with this id. */
    static Locator sessionRow(Page page, String sessionId) {
        return page.locator("tr[data-session-id='" + sessionId + "']");
    }

    /** Saves a full-page screenshot to target/screenshots/{name}.png (the README uses copies in docs/screenshots). */
    static void screenshot(Page page, String name) {
        screenshot(page, name, true);
    }

    /** As {@link #screenshot(Page, String)}; {@code fullPage} false keeps to the viewport (e.g. for a modal dialog). */
    static void screenshot(Page page, String name, boolean fullPage) {
        try {
            Files.createDirectories(SCREENSHOTS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        page.screenshot(new Page.ScreenshotOptions()
                .setPath(SCREENSHOTS.resolve(name + ".png"))
                .setFullPage(fullPage)
                .setAnimations(ScreenshotAnimations.DISABLED));
    }
}
