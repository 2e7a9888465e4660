package dev.sessions.auth.suites;

import org.junit.platform.suite.api.IncludeClassNamePatterns;
import org.junit.platform.suite.api.SelectPackages;
import org.junit.platform.suite.api.Suite;

/**
 * The tests of the short-windows and mail applications (sign-in throttles, idle timeouts and key rotation that wait for
 * real windows to run out; mail through MailDev with retries), in a JVM of their own beside the other suites; one
 * application's classes stay in one suite ({@link SuiteLayoutTest}).
 */
@Suite
@SelectPackages("dev.sessions.auth")
@IncludeClassNamePatterns(WindowSuite.PATTERN)
public class WindowSuite {
    static final String PATTERN = ".*\\.(ThrottlingTest|SessionLifetimeTest|KeyRotationTest|MailOutboxTest"
            + "|ReportMailTest|TwoFactorNoticeTest|PasswordResetTest|AuthMetricsTest)";
}
