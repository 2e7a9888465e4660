package dev.sessions.e2e.console;

import com.microsoft.playwright.Page;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The console's {@code ?idle-timeout-seconds=} URL parameter (handy for tests and kiosks) can only shorten the page's
 * idle sign-out (2 hours), never switch it off or lengthen it: a link must not be able to keep a shared computer
 * signed in.
 */
class IdleTimeoutParameterTest extends ConsoleTestBase {

    private static final String IDLE_LIMIT = "async (search) => (await import('/assets/session-client.js'))"
            + ".idleTimeoutFromPage(document, new URL(search, location.origin))";

    @ParameterizedTest
    @CsvSource({
        "?idle-timeout-seconds=3, 3",
        "?idle-timeout-seconds=7199, 7199",
        "?idle-timeout-seconds=7200, 7200",
        "?idle-timeout-seconds=7201, 7200",
        "?idle-timeout-seconds=999999999, 7200",
        "?idle-timeout-seconds=1e308, 7200",
        "?idle-timeout-seconds=Infinity, 7200",
        "?idle-timeout-seconds=0, 7200",
        "?idle-timeout-seconds=-1, 7200",
        "?idle-timeout-seconds=off, 7200",
        "?idle-timeout-seconds=, 7200",
        "'', 7200",
    })
    void theUrlCanOnlyShortenTheIdleSignOut(String search, double expectedSeconds) {
        Page page = newContext().newPage();
        page.navigate("/signin");

        Object seconds = page.evaluate(IDLE_LIMIT, search);

        Assertions.assertThat(((Number) seconds).doubleValue()).isEqualTo(expectedSeconds);
    }
}
