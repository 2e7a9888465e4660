package dev.sessions.auth.suites;

import org.junit.platform.suite.api.ExcludeClassNamePatterns;
import org.junit.platform.suite.api.SelectPackages;
import org.junit.platform.suite.api.Suite;

/**
 * Every test in neither {@link WaitingSuite} nor {@link WindowSuite} (JUnit's default class names: {@code Test*},
 * {@code *Test}, {@code *Tests}), so that a new test class is never left out.
 */
@Suite
@SelectPackages("dev.sessions.auth")
@ExcludeClassNamePatterns({WaitingSuite.PATTERN, WindowSuite.PATTERN})
public class OtherSuite {}
