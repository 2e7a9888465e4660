# ./stack test names the tests that failed beside its last line (launcher/e2e.bash, print_failed_tests): CI shows the
# end of a run only, and the module tests' own summary is printed twenty minutes earlier.

maven_log() {
  cat >"$1" <<'LOG'
[INFO] Tests run: 12, Failures: 0, Errors: 0, Skipped: 0, Time elapsed: 3.1 s -- in dev.sessions.registry.FineTest
[ERROR] Tests run: 3, Failures: 1, Errors: 0, Skipped: 0, Time elapsed: 9.2 s <<< FAILURE! -- in dev.sessions.auth.FlakyTest
[ERROR] dev.sessions.auth.FlakyTest.answersInTime -- Time elapsed: 5.0 s <<< FAILURE!
org.opentest4j.AssertionFailedError: expected: <200> but was: <503>
	at org.junit.jupiter.api.AssertionFailureBuilder.build(AssertionFailureBuilder.java:151)
[INFO] 
[INFO] Results:
[INFO] 
[ERROR] Failures: 
[ERROR]   FlakyTest.answersInTime:88 expected: <200> but was: <503>
[INFO] 
[ERROR] Tests run: 412, Failures: 1, Errors: 0, Skipped: 0
LOG
}

test_a_failed_step_names_its_failed_tests() {
  ROOT="$STATE"
  mkdir -p "$STATE/logs"
  maven_log "$STATE/logs/module-tests.log"
  printf '[INFO] Tests run: 30, Failures: 0, Errors: 0, Skipped: 0\n' >"$STATE/logs/e2e.log"
  TEST_LOGS=("module tests:$STATE/logs/module-tests.log" "end-to-end (cluster):$STATE/logs/e2e.log")
  local out
  out="$(print_failed_tests)"
  assert_contains "$out" "failed in module tests" output
  assert_contains "$out" "FlakyTest.answersInTime:88 expected: <200> but was: <503>" output
  assert_contains "$out" "Tests run: 412, Failures: 1" output
  assert_not_contains "$out" "end-to-end" output
  assert_not_contains "$out" "FineTest" output
}

test_steps_that_passed_print_nothing() {
  ROOT="$STATE"
  mkdir -p "$STATE/logs"
  printf '[INFO] Tests run: 30, Failures: 0, Errors: 0, Skipped: 0\n' >"$STATE/logs/ok.log"
  TEST_LOGS=("module tests:$STATE/logs/ok.log" "on a cluster:$STATE/logs/missing.log")
  [[ -z "$(print_failed_tests)" ]] || fail "printed for passing steps: $(print_failed_tests)"
}
