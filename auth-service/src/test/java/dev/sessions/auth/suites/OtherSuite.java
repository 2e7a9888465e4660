package dev.sessions.auth.suites;

import org.junit.platform.suite.api.ExcludeClassNamePatterns;
import org.junit.platform.suite.api.SelectPackages;
import org.junit.platform.suite.api.Suite;

/** Every test not in {@link WaitingSuite} (JUnit's default class names: {@code Test*}, {@code *Test}, {@code *Tests}). */
@Suite
@SelectPackages("dev.sessions.auth")
@ExcludeClassNamePatterns(WaitingSuite.PATTERN)
public class OtherSuite {}
