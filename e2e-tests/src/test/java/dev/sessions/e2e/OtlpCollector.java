package dev.sessions.e2e;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

import dev.sessions.testing.OtlpReceiver;

/**
 * The OTLP/HTTP receiver the e2e stack's services export their spans to ({@code ./stack e2e} turns tracing on for
 * that stack with {@code QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT} on port base + 18, {@code E2E_OTLP_PORT} here). Open for
 * the whole test run, so that no test's export fails; tests read the spans with {@link #receiver()}.
 */
public class OtlpCollector implements LauncherSessionListener {

    private static volatile OtlpReceiver receiver;

    /** The receiver of this run; fails (never skips) when {@code ./stack e2e} did not say where it listens. */
    public static OtlpReceiver receiver() {
        if (receiver == null) {
            throw new IllegalStateException("E2E_OTLP_PORT is not set: run the end-to-end tests with ./stack e2e");
        }
        return receiver;
    }

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        String port = System.getenv("E2E_OTLP_PORT");
        if (port != null && !port.isBlank() && receiver == null) {
            receiver = OtlpReceiver.start(Integer.parseInt(port.strip()));
        }
    }

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        if (receiver != null) {
            receiver.close();
            receiver = null;
        }
    }
}
