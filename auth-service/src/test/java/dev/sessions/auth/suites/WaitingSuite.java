package dev.sessions.auth.suites;

import org.junit.platform.suite.api.IncludeClassNamePatterns;
import org.junit.platform.suite.api.SelectPackages;
import org.junit.platform.suite.api.Suite;

/**
 * The tests of the store-fault, small-capacity and PostgreSQL-down-at-start applications (frozen and killed stores, a
 * small hashing queue, a start without PostgreSQL), in a JVM of their own beside the other suites: Quarkus builds each
 * test application once per JVM that runs one of its classes, so an application's classes stay in one suite
 * ({@link SuiteLayoutTest}).
 */
@Suite
@SelectPackages("dev.sessions.auth")
@IncludeClassNamePatterns(WaitingSuite.PATTERN)
public class WaitingSuite {
    static final String PATTERN =
            ".*\\.(StoreFaultTest|StoreOutageTest|HealthTest|HashingQueueTest|AccountStateTest|SchemaMigrationTest)";
}
