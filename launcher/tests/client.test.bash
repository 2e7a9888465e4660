# ./stack test runs the SPA client's unit tests (node --test) right after the launcher's, and stops when they fail.

test_the_spa_client_tests_run_and_pass() {
  command -v node >/dev/null 2>&1 || skip "node is not installed"
  local out
  out="$(run_client_tests 2>&1)" || fail "run_client_tests failed: $out"
  assert_contains "$out" 'SPA client tests' output
}

test_a_failing_spa_client_test_stops_the_run() {
  command -v node >/dev/null 2>&1 || skip "node is not installed"
  SPA_CLIENT_DIR="$(mktemp -d)"
  mkdir -p "$SPA_CLIENT_DIR/test"
  printf "import { test } from 'node:test';\nimport assert from 'node:assert/strict';\ntest('fails', () => assert.equal(1, 2));\n" \
    >"$SPA_CLIENT_DIR/test/failing.test.mjs"
  assert_fails run_client_tests
  rm -rf "$SPA_CLIENT_DIR"
}
