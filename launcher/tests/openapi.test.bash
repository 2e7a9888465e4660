# ./stack test lints both OpenAPI documents (launcher/openapi.bash) after the module tests; an error fails the run.

# Stand-in linters in this test's own STATE: each exits with the status its file names.
fake_linters() {
  OPENAPI_LINT_DIR="$STATE/openapi-lint"
  local bin="$OPENAPI_LINT_DIR/node_modules/.bin" tool
  mkdir -p "$bin"
  for tool in redocly spectral; do
    printf '#!/usr/bin/env bash\necho "%s $*"\nexit "$(cat "%s/%s.rc")"\n' "$tool" "$STATE" "$tool" >"$bin/$tool"
    chmod +x "$bin/$tool"
  done
  echo "${1:-0}" >"$STATE/redocly.rc"
  echo "${2:-0}" >"$STATE/spectral.rc"
  OPENAPI_DOCUMENTS=("$STATE/a.yaml" "$STATE/b.yaml")
  touch "$STATE/a.yaml" "$STATE/b.yaml"
}

test_both_documents_pass_both_linters() {
  fake_linters 0 0
  local out
  out="$(lint_openapi 2>&1)" || fail "lint_openapi failed: $out"
  assert_contains "$out" "redocly lint --config redocly.yaml" output
  assert_contains "$out" "spectral lint --ruleset .spectral.yaml --fail-severity error" output
  assert_contains "$out" "$STATE/b.yaml" output
}

test_an_error_of_either_linter_fails_the_lint() {
  fake_linters 1 0
  assert_fails lint_openapi
  fake_linters 0 1
  assert_fails lint_openapi
}

test_a_missing_document_fails_the_lint() {
  fake_linters 0 0
  rm "$STATE/b.yaml"
  assert_fails lint_openapi
}

# With the linters ./stack installed, the project's rules refuse what the contract does not allow.
test_the_project_rules_refuse_an_undocumented_header_type() {
  local real="$ROOT/.stack/openapi-lint"
  [[ -x "$real/node_modules/.bin/redocly" && -x "$real/node_modules/.bin/spectral" ]] \
    || skip "the OpenAPI linters are not installed (launcher/lint-openapi installs them)"
  OPENAPI_LINT_DIR="$real"
  cat >"$STATE/bad.yaml" <<'YAML'
openapi: 3.1.0
info: {title: bad, version: "1", license: {name: MIT, url: "https://opensource.org/license/mit"}}
servers: [{url: "http://localhost:8080"}]
security: []
paths:
  /check:
    get:
      summary: Check
      description: Check
      operationId: check
      responses:
        "204":
          description: Allowed
          headers:
            X-Auth-User: {description: User id}
        "401": {description: Refused}
YAML
  OPENAPI_DOCUMENTS=("$STATE/bad.yaml")
  assert_fails lint_openapi
}
