package dev.sessions.auth.suites;

import org.junit.platform.suite.api.IncludeClassNamePatterns;
import org.junit.platform.suite.api.SelectPackages;
import org.junit.platform.suite.api.Suite;

/** The tests that mostly wait on store faults and mail retries, in a JVM of their own beside the other suites. */
@Suite
@SelectPackages("dev.sessions.auth")
@IncludeClassNamePatterns(WaitingSuite.PATTERN)
public class WaitingSuite {
    static final String PATTERN =
            ".*\\.(StoreFaultTest|StoreOutageTest|MailOutboxTest|KeyRotationTest|HashingQueueTest)";
}
