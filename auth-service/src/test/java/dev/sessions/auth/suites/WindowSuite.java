package dev.sessions.auth.suites;

import org.junit.platform.suite.api.IncludeClassNamePatterns;
import org.junit.platform.suite.api.SelectPackages;
import org.junit.platform.suite.api.Suite;

/**
 * The tests that mostly wait for real windows to run out (sign-in throttles, idle timeouts) or for many requests at
 * once, in a JVM of their own beside the other suites.
 */
@Suite
@SelectPackages("dev.sessions.auth")
@IncludeClassNamePatterns(WindowSuite.PATTERN)
public class WindowSuite {
    static final String PATTERN =
            ".*\\.(ThrottlingTest|SessionLifetimeTest|AccountStateTest|CallerIsolationTest|HealthTest)";
}
