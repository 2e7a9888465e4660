# ./stack chaos: fault scenarios under load on the cluster topology (e2e-tests' ChaosIT), on a throw-away e2e stack
# of its own port base, never the main stack's. Not part of ./stack test (it takes several minutes).

CHAOS_DEFAULT_PORT_BASE=28800

# The settings the chaos stack's services run with, on top of the e2e stack's (the caller's environment wins):
# access tokens that outlive a run (the harness holds its users' sessions for minutes), and pending outbox entries of
# a killed instance claimed after 5 s instead of 30.
chaos_service_settings() {
  export AUTH_ACCESS_TOKEN_TTL="${AUTH_ACCESS_TOKEN_TTL:-15m}"
  export REGISTRY_HISTORY_CLAIM_IDLE="${REGISTRY_HISTORY_CLAIM_IDLE:-5s}"
}

# The comma-separated base URLs of the stack's registry instances (after use_e2e_instance).
chaos_registry_urls() {
  local port urls=()
  for port in $(service_ports session-registry); do urls+=("http://127.0.0.1:$port"); done
  (IFS=,; echo "${urls[*]}")
}

local_chaos() {
  [[ -z "${STACK_TOPOLOGY:-}" || "$STACK_TOPOLOGY" == cluster ]] || die "./stack chaos runs on the cluster topology only (STACK_TOPOLOGY=$STACK_TOPOLOGY)"
  export STACK_TOPOLOGY=cluster
  export E2E_PORT_BASE="${CHAOS_PORT_BASE:-$CHAOS_DEFAULT_PORT_BASE}"
  use_e2e_instance
  (( S_INSTANCES >= 2 )) || die "./stack chaos needs two instances of each service (STACK_INSTANCES=$S_INSTANCES)"
  chaos_service_settings
  export E2E_CHAOS=1
  export E2E_CHAOS_RUN_DIR="$RUN"
  E2E_CHAOS_REGISTRY_URLS="$(chaos_registry_urls)"
  export E2E_CHAOS_REGISTRY_URLS
  export E2E_CHAOS_REPORT="$RUN/chaos-figures.md"
  mkdir -p "$RUN"
  rm -f "$E2E_CHAOS_REPORT"
  local started rc=0
  started=$(date +%s)
  run_e2e_local -Dtest=ChaosIT -Dsurefire.failIfNoSpecifiedTests=false "$@" || rc=$?
  echo
  echo "| scenario | recovery | answers by status | 503 outside the window | revoked sessions accepted | history events found / expected | revocations answered | slowest revocation |"
  echo "| --- | --- | --- | --- | --- | --- | --- | --- |"
  [[ -f "$E2E_CHAOS_REPORT" ]] && cat "$E2E_CHAOS_REPORT"
  local total=$(( $(date +%s) - started ))
  if (( rc == 0 )); then
    printf '\n%s./stack chaos: PASSED%s (%d min %d s; figures: %s)\n' "$C_GREEN" "$C_OFF" $(( total / 60 )) $(( total % 60 )) "${E2E_CHAOS_REPORT#"$ROOT"/}"
  else
    printf '\n%s./stack chaos: FAILED%s (exit %d, %d min %d s; service logs: %s/logs/)\n' "$C_RED" "$C_OFF" "$rc" $(( total / 60 )) $(( total % 60 )) "${RUN#"$ROOT"/}"
  fi
  return "$rc"
}
