# OpenAPI lint: both services' OpenAPI documents, stored at build time (quarkus.smallrye-openapi.store-schema-directory,
# <service>/target/openapi/openapi.yaml), linted with Redocly CLI (redocly.yaml) and Spectral (.spectral.yaml).
# The linters are installed once into .stack/openapi-lint/ (npm, pinned versions), like MailDev; ./stack test runs
# the lint right after the module tests built the documents, and launcher/lint-openapi runs it alone.

OPENAPI_LINT_DIR="$STATE/openapi-lint"
OPENAPI_LINT_PACKAGES=('@redocly/cli@2.77.0' '@stoplight/spectral-cli@6.16.3')
OPENAPI_DOCUMENTS=(auth-service/target/openapi/openapi.yaml session-registry/target/openapi/openapi.yaml)
OPENAPI_RESULT=''

# Installs the linters into .stack/openapi-lint/ once; false when npm is missing or the install fails.
ensure_openapi_lint_installed() {
  local bin="$OPENAPI_LINT_DIR/node_modules/.bin"
  [[ -x "$bin/redocly" && -x "$bin/spectral" ]] && return 0
  lock openapi-lint || die "timed out waiting for another ./stack to install the OpenAPI linters"
  if [[ ! -x "$bin/redocly" || ! -x "$bin/spectral" ]]; then
    if ! command -v npm >/dev/null 2>&1; then
      unlock openapi-lint
      warn "npm is not installed: cannot install the OpenAPI linters (${OPENAPI_LINT_PACKAGES[*]})"
      return 1
    fi
    info "installing the OpenAPI linters once (npm install ${OPENAPI_LINT_PACKAGES[*]}) into .stack/openapi-lint/"
    mkdir -p "$OPENAPI_LINT_DIR"
    if ! (cd "$OPENAPI_LINT_DIR" && timeout 900 npm install --no-audit --no-fund --no-save \
          "${OPENAPI_LINT_PACKAGES[@]}" >npm.log 2>&1) || [[ ! -x "$bin/redocly" || ! -x "$bin/spectral" ]]; then
      show_tail "$OPENAPI_LINT_DIR/npm.log" 10
      unlock openapi-lint
      warn "could not install the OpenAPI linters"
      return 1
    fi
  fi
  unlock openapi-lint
}

# Lints the stored documents with both linters; any error (Redocly: severity error; Spectral: severity error) fails.
lint_openapi() {
  local bin="$OPENAPI_LINT_DIR/node_modules/.bin" doc path failed=0
  ensure_openapi_lint_installed || { OPENAPI_RESULT='FAILED (linters not installed)'; return 1; }
  for doc in "${OPENAPI_DOCUMENTS[@]}"; do
    path="$doc"
    [[ "$path" == /* ]] || path="$ROOT/$doc"
    if [[ ! -f "$path" ]]; then
      warn "$doc is missing: build the services first (./mvnw -pl auth-service,session-registry -am package -DskipTests)"
      failed=1
      continue
    fi
    info "OpenAPI lint: $doc (Redocly, Spectral)"
    (cd "$ROOT" && "$bin/redocly" lint --config redocly.yaml --format stylish "$path") || failed=1
    (cd "$ROOT" && "$bin/spectral" lint --ruleset .spectral.yaml --fail-severity error --display-only-failures "$path") \
      || failed=1
  done
  if (( failed )); then OPENAPI_RESULT=FAILED; return 1; fi
  OPENAPI_RESULT=passed
}
