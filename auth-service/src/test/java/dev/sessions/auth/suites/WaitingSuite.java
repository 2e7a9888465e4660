package dev.sessions.auth.suites;

import org.junit.platform.suite.api.IncludeClassNamePatterns;
import org.junit.platform.suite.api.SelectPackages;
import org.junit.platform.suite.api.Suite;

/** The tests that mostly wait on real windows and store faults, in one JVM beside {@link OtherSuite}. */
@Suite
@SelectPackages("dev.sessions.auth")
@IncludeClassNamePatterns(WaitingSuite.PATTERN)
public class WaitingSuite {
    static final String PATTERN =
            ".*\\.(StoreFaultTest|StoreOutageTest|ThrottlingTest|SessionLifetimeTest|KeyRotationTest|MailOutboxTest|AccountStateTest|HashingQueueTest)";
}
