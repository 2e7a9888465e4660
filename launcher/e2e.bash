# ./stack test and ./stack e2e without Docker: launcher tests, module tests, and a throw-away e2e stack.

E2E_ACTIVE=''
E2E_RESULT=''
TEST_ACTIVE=''
TEST_STARTED=0
LAUNCHER_RESULT=''
# The SPA client package (its unit tests run with the launcher's).
SPA_CLIENT_DIR="${SPA_CLIENT_DIR:-$ROOT/gateway-config/console/assets/session-client}"
MODULE_RESULT=''
declare -A VERIFY_HASHES
# The Maven output of each step of ./stack test, kept so that the summary can name the tests that failed: CI shows
# only the last lines of a run, and a failure in the first step would otherwise scroll out of sight.
TEST_LOGS=()

# Starts a throw-away e2e stack and runs the e2e-tests module against it; e2e_teardown stops it again (also from
# the exit trap, so a failure or Ctrl-C never leaves it running).
run_e2e_local() {
  use_e2e_instance
  if ! lock "instance-$INSTANCE" 0; then
    die "the e2e stack on port base $E2E_BASE is in use by another ./stack; choose another E2E_PORT_BASE (and E2E_REDIS_DB)"
  fi
  E2E_ACTIVE="$INSTANCE"
  E2E_RESULT='FAILED (the e2e stack did not start)'
  mkdir -p "$RUN"
  echo $$ >"$RUN/owner.pid"
  rm -f "$SECRETS_FILE"
  local redis_line="Redis database $S_REDIS_DB"
  [[ "$S_TOPOLOGY" == cluster ]] && redis_line="Redis Cluster 127.0.0.1:$S_CLUSTER_PORT_BASE-$(( S_CLUSTER_PORT_BASE + CLUSTER_NODES - 1 ))"
  info "e2e stack '$INSTANCE': gateway $S_GATEWAY_PORT, auth $(service_ports auth-service), registry $(service_ports session-registry), app $S_APP_PORT, database $S_DB, $redis_line"
  # promtool (Debian's prometheus): ObservabilityFilesTest checks deploy/observability/alerts.yml with it
  ensure_tools chromium promtool
  S_PG_PORT="$PG_PORT" S_REDIS_PORT="$REDIS_PORT"
  # A fresh database and key space per run: the bootstrap admin is created with this run's password. (A cluster
  # topology starts a fresh cluster of its own instead.)
  if [[ "$S_TOPOLOGY" == cluster ]]; then
    ensure_servers $$ postgres
    drop_database "$S_DB"
  else
    ensure_servers $$
    drop_database "$S_DB"
    wipe_redis_keys "$S_REDIS_DB"
  fi
  instance_up $$ admin@e2e.test

  local mvn_args=(-B -Pe2e -pl e2e-tests -am verify)
  if [[ "$E2E_BASE" != 18080 ]]; then
    mvn_args+=("-De2e.build.directory=$ROOT/e2e-tests/target/e2e-$E2E_BASE")
  fi
  info "running the end-to-end tests: ./mvnw ${mvn_args[*]} $*"
  local rc=0
  mkdir -p "$STATE/logs"
  (
    export E2E_GATEWAY_URL="http://127.0.0.1:$S_GATEWAY_PORT"
    export E2E_AUTH_URL="http://127.0.0.1:$S_AUTH_PORT"
    export E2E_REGISTRY_URL="http://127.0.0.1:$S_REGISTRY_PORT"
    # every instance of each service (figures an instance counts for itself are summed over them)
    E2E_AUTH_URLS="$(instance_urls auth-service)" E2E_REGISTRY_URLS="$(instance_urls session-registry)"
    export E2E_AUTH_URLS E2E_REGISTRY_URLS
    export E2E_APP_URL="http://127.0.0.1:$S_APP_PORT"
    E2E_REDIS_URL="$(redis_url "$S_REDIS_PORT" "$S_REDIS_DB" "$S_REDIS_PASSWORD")"
    export E2E_TOPOLOGY="$S_TOPOLOGY"
    if [[ "$S_TOPOLOGY" == cluster ]]; then
      # one node's URL, and every node as the services' seeds (tests that read Redis need a cluster client)
      E2E_REDIS_URL="$(redis_url "$S_CLUSTER_PORT_BASE" 0 "$S_CLUSTER_PASSWORD")"
      E2E_REDIS_HOSTS="$(cluster_seed_hosts)"
      export E2E_REDIS_HOSTS
    fi
    export E2E_REDIS_URL
    export E2E_INTERNAL_TOKEN="$INTERNAL_API_TOKEN"
    # the attack tests forge tokens with the real key too (wrong issuer, no sid, expired): only the claim is wrong
    export E2E_SIGNING_PRIVATE_KEY="$AUTH_SIGNING_PRIVATE_KEY"
    export E2E_ADMIN_EMAIL="$AUTH_BOOTSTRAP_ADMIN_EMAIL"
    export E2E_ADMIN_PASSWORD="$AUTH_BOOTSTRAP_ADMIN_PASSWORD"
    export E2E_ACCESS_TOKEN_TTL="${AUTH_ACCESS_TOKEN_TTL:-20s}"
    export E2E_REUSE_GRACE="${AUTH_REFRESH_REUSE_GRACE:-5s}"
    export E2E_REVOCATION_CHANNEL="$S_CHANNEL"
    # the services export their spans here (export_service_env); the test run receives them
    export E2E_OTLP_PORT="$S_OTLP_PORT"
    export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
    if [[ -n "${REGISTRY_GEOIP_DATABASE:-}" ]]; then export E2E_GEOIP=1; else unset E2E_GEOIP; fi
    # the mail tests read this stack's MailDev; with the caller's SMTP server they are skipped
    if maildev_wanted; then E2E_MAILDEV_URL="$(maildev_url)"; export E2E_MAILDEV_URL; else unset E2E_MAILDEV_URL; fi
    close_lock_fds
    # Maven stays this subshell's process (exec), so that a TERM to it (stop_e2e_background) stops Maven too
    exec > >(tee "$STATE/logs/e2e-$S_TOPOLOGY-$E2E_BASE.maven.log") 2>&1
    exec ./mvnw "${mvn_args[@]}" "$@"
  ) || rc=$?
  TEST_LOGS+=("end-to-end ($S_TOPOLOGY):$STATE/logs/e2e-$S_TOPOLOGY-$E2E_BASE.maven.log")
  if (( rc == 0 )); then E2E_RESULT=passed; else E2E_RESULT="FAILED (exit $rc; service logs: ${RUN#"$ROOT"/}/logs/)"; fi
  return "$rc"
}

# The URLs of one service's instances, space-separated.
instance_urls() {
  local port urls=()
  for port in $(service_ports "$1"); do urls+=("http://127.0.0.1:$port"); done
  echo "${urls[*]}"
}

e2e_teardown() {
  [[ -n "$E2E_ACTIVE" ]] || return 0
  shielded stop_e2e_stack
}

stop_e2e_stack() {
  use_instance_by_name "$E2E_ACTIVE"
  E2E_ACTIVE=''
  # a background run's marker: stop_e2e_background leaves the children of a run that tears down alone
  [[ -z "${E2E_TEARDOWN_MARKER:-}" ]] || : >"$E2E_TEARDOWN_MARKER"
  info "stopping e2e stack '$INSTANCE'"
  instance_down
  release_servers
  unlock "instance-$INSTANCE"
}

test_teardown() {
  [[ -n "$TEST_ACTIVE" ]] || return 0
  shielded stop_test_run
}

stop_test_run() {
  TEST_ACTIVE=''
  INSTANCE="test"
  release_servers
  local total line; total=$(seconds_since "$TEST_STARTED")
  line="launcher tests: ${LAUNCHER_RESULT:-not run}; module tests: ${MODULE_RESULT:-not run}; on a cluster: ${CLUSTER_RESULT:-not run}; OpenAPI lint: ${OPENAPI_RESULT:-not run}; end-to-end: ${E2E_RESULT:-not run}; total $(( total / 60 )) min $(( total % 60 )) s"
  if [[ "$LAUNCHER_RESULT" == passed && "$MODULE_RESULT" == passed && "${CLUSTER_RESULT:-passed}" == passed \
        && "$OPENAPI_RESULT" == passed && "$E2E_RESULT" == passed ]]; then
    printf '\n%s./stack test: PASSED%s (%s)\n' "$C_GREEN" "$C_OFF" "$line"
  else
    print_failed_tests
    printf '\n%s./stack test: FAILED%s (%s)\n' "$C_RED" "$C_OFF" "$line"
  fi
}

# The tests that failed in each step, from Maven's closing summary ("[ERROR]   Class.method:line message").
print_failed_tests() {
  local entry label log lines
  for entry in "${TEST_LOGS[@]}"; do
    label="${entry%%:*}" log="${entry#*:}"
    [[ -f "$log" ]] || continue
    lines="$(grep -E '^\[ERROR\] (Failures|Errors):|^\[ERROR\]   [^ ]|^\[ERROR\] Tests run:.*(Failures: [1-9]|Errors: [1-9])' "$log" \
      | cut -c1-300 | head -40)"
    [[ -n "$lines" ]] || continue
    printf '\n%sfailed in %s%s (%s):\n%s\n' "$C_RED" "$label" "$C_OFF" "${log#"$ROOT"/}" "$lines"
  done
}

on_exit() {
  local rc=$?
  # a further TERM or INT must not end the teardowns halfway (shielded); a trap that does nothing, unlike an ignored
  # signal, is not inherited by what they start
  trap ':' TERM INT
  STACK_EXITING=1
  trap - EXIT
  set +e
  stop_e2e_background
  e2e_teardown
  test_teardown
  exit "$rc"
}

# The topologies in which ./stack test runs the end-to-end suite (E2E_TOPOLOGIES): both by default, the standalone
# Redis and the Redis Cluster with two instances of each service (issue 14).
e2e_topologies() {
  local topologies="${E2E_TOPOLOGIES:-standalone cluster}" t
  [[ -n "${topologies// /}" ]] || die "E2E_TOPOLOGIES names no topology"
  for t in $topologies; do
    case "$t" in
      standalone|cluster) echo "$t" ;;
      *) die "E2E_TOPOLOGIES: unknown topology '$t' (standalone, cluster)" ;;
    esac
  done
}

# The suite mostly waits (token lifetimes, grace windows, a browser's timers), so the topologies after the first run
# beside the rest of ./stack test (E2E_PARALLEL=on, the default), each a stack of its own: port base E2E_PORT_BASE +
# 100 per topology (its database sessions_e2e_<base>, its cluster on base+11.., its channel and MailDev), its output
# in .stack/logs/e2e-<topology>-<base>.log. E2E_PARALLEL=off runs them one after the other.
E2E_BACKGROUND=()

e2e_parallel() {
  case "${E2E_PARALLEL:-on}" in
    on) return 0 ;;
    off) return 1 ;;
    *) die "E2E_PARALLEL must be on or off (got '$E2E_PARALLEL')" ;;
  esac
}

# The port base of the k-th topology (0 is the first, on E2E_PORT_BASE itself).
e2e_topology_base() { echo $(( ${E2E_PORT_BASE:-18080} + 100 * $1 )); }

# Starts every topology but the first in the background (when parallel); run_e2e_topologies waits for them.
start_e2e_background() {
  e2e_parallel || return 0
  local topologies k=0 t base log
  mapfile -t topologies < <(e2e_topologies)
  for t in "${topologies[@]:1}"; do
    k=$(( k + 1 ))
    base="$(e2e_topology_base "$k")"
    log="$STATE/logs/e2e-$t-$base.log"
    mkdir -p "$STATE/logs"
    rm -f "$log.teardown"
    info "end-to-end suite on the $t topology in the background (port base $base; output: ${log#"$ROOT"/})"
    (
      # this subshell's own stack: its exit (also on TERM from the parent) stops it; the summary is the parent's
      TEST_ACTIVE=''
      E2E_ACTIVE=''
      E2E_TEARDOWN_MARKER="$log.teardown"
      trap 'STACK_EXITING=1; e2e_teardown' EXIT
      trap 'exit 143' TERM INT
      unset E2E_DB
      rc=0
      # the foreground run checks the formatting already
      STACK_TOPOLOGY="$t" E2E_PORT_BASE="$base" run_e2e_local -Dspotless.check.skip=true || rc=$?
      e2e_teardown
      echo "$E2E_RESULT" >"$log.result"
      exit "$rc"
    ) >"$log" 2>&1 &
    E2E_BACKGROUND+=("$t:$base:$!")
  done
}

# Stops the background runs (their stacks stop with them): on a failure or Ctrl-C of ./stack test.
stop_e2e_background() {
  local entry pid child t base
  for entry in "${E2E_BACKGROUND[@]}"; do
    t="${entry%%:*}" base="${entry#*:}" base="${base%%:*}" pid="${entry##*:}"
    pid_alive "$pid" || continue
    # the suite's Maven is the subshell's foreground child, whose end its TERM trap waits for: it is stopped directly,
    # but not once the subshell tears its stack down, when its children are the teardown's own commands
    if [[ ! -e "$STATE/logs/e2e-$t-$base.log.teardown" ]]; then
      for child in $(pgrep -P "$pid" 2>/dev/null); do kill -TERM "$child" 2>/dev/null || true; done
    fi
    kill -TERM "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  E2E_BACKGROUND=()
}

# One e2e run per topology; E2E_RESULT sums them up ("FAILED (standalone passed; cluster FAILED ...)").
run_e2e_topologies() {
  local topologies t rc=0 results=() entry base pid log
  mapfile -t topologies < <(e2e_topologies)
  if e2e_parallel; then
    (( ${#E2E_BACKGROUND[@]} )) || (( ${#topologies[@]} == 1 )) || start_e2e_background
    STACK_TOPOLOGY="${topologies[0]}" run_e2e_local || rc=$?
    e2e_teardown
    results+=("${topologies[0]} $E2E_RESULT")
    for entry in "${E2E_BACKGROUND[@]}"; do
      t="${entry%%:*}" base="${entry#*:}" base="${base%%:*}" pid="${entry##*:}"
      log="$STATE/logs/e2e-$t-$base.log"
      info "waiting for the end-to-end suite on the $t topology (port base $base)"
      wait "$pid" || rc=1
      TEST_LOGS+=("end-to-end ($t):$STATE/logs/e2e-$t-$base.maven.log")
      E2E_RESULT="$(cat "$log.result" 2>/dev/null || echo 'FAILED (no result)')"
      grep -E '^\[(INFO|ERROR|WARNING)\] Tests run:.*$|<<< (FAILURE|ERROR)' "$log" | tail -5 || true
      info "end-to-end on the $t topology: $E2E_RESULT (output: ${log#"$ROOT"/})"
      [[ "$E2E_RESULT" == passed ]] || rc=1
      results+=("$t $E2E_RESULT")
    done
    E2E_BACKGROUND=()
  else
    for t in "${topologies[@]}"; do
      STACK_TOPOLOGY="$t" run_e2e_local || rc=$?
      e2e_teardown
      results+=("$t $E2E_RESULT")
    done
  fi
  if (( rc == 0 )); then
    E2E_RESULT=passed
    (( ${#results[@]} == 1 )) || info "end-to-end: passed in each topology (${topologies[*]})"
  elif (( ${#results[@]} > 1 )); then
    E2E_RESULT="FAILED ($(printf '%s; ' "${results[@]}" | sed 's/; $//'))"
  fi
  return "$rc"
}

local_e2e() {
  local started rc=0; started=$(date +%s)
  run_e2e_local "$@" || rc=$?
  e2e_teardown
  info "e2e: $E2E_RESULT in $(seconds_since "$started") s"
  return "$rc"
}

# The launcher's own tests (launcher/tests/): seconds, so they run first; when they fail, nothing else runs, since
# the launcher is what would run it. The SPA client's unit tests take seconds too and need no server, so they run
# here as well.
run_launcher_tests() {
  # the rendering tests need envsubst; the nginx check is skipped where nginx is missing (Docker mode)
  ensure_tools envsubst
  # the OpenAPI lint test runs the project's rules through the real linters, so they are installed first
  ensure_tools node
  ensure_openapi_lint_installed || die "the OpenAPI linters could not be installed; nothing was tested"
  info "launcher tests: launcher/tests/run"
  if "$ROOT/launcher/tests/run"; then
    LAUNCHER_RESULT=passed
  else
    LAUNCHER_RESULT=FAILED
    die "the launcher tests failed; the module and end-to-end tests were not run"
  fi
  run_client_tests
}

# The unit tests of the SPA client package (@sessions/spa-client, served to the console): node:test, a fake fetch.
run_client_tests() {
  ensure_tools node
  info "SPA client tests: node --test in ${SPA_CLIENT_DIR#"$ROOT"/}"
  if (cd "$SPA_CLIENT_DIR" && node --test --test-reporter=dot); then
    LAUNCHER_RESULT=passed
  else
    LAUNCHER_RESULT="FAILED (SPA client tests)"
    die "the SPA client tests failed; the module and end-to-end tests were not run"
  fi
}

local_test() {
  TEST_STARTED=$(date +%s)
  TEST_ACTIVE=1
  INSTANCE="test"
  RUN="$STATE/test"
  mkdir -p "$RUN" "$STATE/logs"
  local caller_geoip="${REGISTRY_GEOIP_DATABASE+x}"
  # oathtool: auth-service's TotpTest checks its codes against this independent implementation
  ensure_tools nginx envsubst chromium oathtool
  run_launcher_tests
  ensure_servers $$
  ensure_database sessions_test
  ensure_database sessions_e2e
  ensure_geoip
  # auth-service's mail tests run a MailDev of their own from .stack/maildev/
  ensure_maildev_installed || true
  local m rc=0 e2e_rc=0 verify_started
  for m in "${SERVICES[@]}"; do VERIFY_HASHES[$m]="$(module_hash "$m")"; done
  verify_started=$(date +%s)
  info "module tests: ./mvnw -B verify ($(reactor_modules | paste -sd, -); PostgreSQL sessions_test, Redis database 1; auth-service's second and third test JVMs: sessions_test_fork2 and _fork3, Redis databases 3 and 4)"
  (
    export QUARKUS_DATASOURCE_REACTIVE_URL="postgresql://127.0.0.1:$PG_PORT/sessions_test"
    export QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/sessions_test"
    export QUARKUS_DATASOURCE_USERNAME="$PG_USER"
    export QUARKUS_DATASOURCE_PASSWORD="$PG_PASSWORD"
    QUARKUS_REDIS_HOSTS="$(redis_url "$REDIS_PORT" 1 "$REDIS_PASSWORD")"
    export QUARKUS_REDIS_HOSTS
    # auth-service tests in three JVMs; the second one's Redis database, the third's is the next (2 is the e2e stack's)
    export AUTH_TEST_FORK_REDIS_DB=3
    export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 MAILDEV_BIN="$MAILDEV_BIN"
    # The module tests bring their own location fixtures; only a caller's explicit setting reaches them.
    [[ -n "$caller_geoip" ]] || unset REGISTRY_GEOIP_DATABASE
    close_lock_fds
    exec > >(tee "$STATE/logs/module-tests.log") 2>&1
    exec ./mvnw -B --fail-at-end verify
  ) || rc=$?
  TEST_LOGS+=("module tests:$STATE/logs/module-tests.log")
  if (( rc == 0 )); then MODULE_RESULT=passed; else MODULE_RESULT="FAILED (exit $rc)"; fi
  info "module tests: $MODULE_RESULT in $(seconds_since "$verify_started") s"
  adopt_verified_builds "$verify_started"
  # the cluster topology's e2e suite beside what follows (E2E_PARALLEL)
  start_e2e_background
  # CLUSTER_MODULE_TESTS_RUN=off skips them (the summary then says "not run")
  if [[ "${CLUSTER_MODULE_TESTS_RUN:-on}" == on ]]; then
    run_cluster_module_tests || rc=$?
  fi
  # the module build stored both OpenAPI documents (seconds; a failure fails the run, after the e2e tests)
  local lint_rc=0
  lint_openapi || lint_rc=$?
  run_e2e_topologies || e2e_rc=$?
  test_teardown
  return $(( rc != 0 || e2e_rc != 0 || lint_rc != 0 ))
}


# The module tests of both services once more, against a one-node Redis Cluster (every slot on one process), where a
# script or command whose keys span hash slots fails at once (ADR 14; RedisPoolLivenessTest checks that it does). The
# subset runs every Lua script of both services that declares more than one key (a script of one key cannot span
# slots, and none may touch a key it did not declare but the listing, which reads its index's slot: ADR 18), the
# outbox drain, the sweeper and the denylist reload, and no more, to keep ./stack test within its time; the tests that cut a proxied Redis link or start registry
# processes of their own stay with the standalone run (a cluster client finds the node's own address).
CLUSTER_MODULE_TESTS='RedisPoolLivenessTest,InternalSessionResourceTest,SessionCapTest,ExpirySweeperTest,SessionResourceTest,SessionListingTest,AdminSessionResourceTest,LastActivityTest,ReportTest,HistoryTest,CheckResourceTest,SessionFlagsTest,LoginTest,RefreshTest,RefreshInOneStepTest,LogoutTest,AccountStateTest'

run_cluster_module_tests() {
  local port=27101 dir="$RUN/redis-cluster" started rc=0
  while port_open "$port" || port_open $(( port + 10000 )); do port=$(( port + 1 )); done
  rm -rf "$dir"; mkdir -p "$dir"
  started=$(date +%s)
  info "module tests on a one-node Redis Cluster (127.0.0.1:$port): ${CLUSTER_MODULE_TESTS//,/ }"
  (close_lock_fds; exec redis-server --bind 127.0.0.1 --port "$port" --cluster-enabled yes \
    --cluster-config-file "$dir/nodes.conf" --dir "$dir" --save '' --appendonly no \
    --daemonize yes --pidfile "$dir/redis.pid" --logfile "$dir/redis.log") \
    || { CLUSTER_RESULT="FAILED (no cluster node)"; return 1; }
  local i
  for i in $(seq 1 50); do redis-cli -p "$port" ping >/dev/null 2>&1 && break; sleep 0.1; done
  redis-cli -p "$port" CLUSTER ADDSLOTSRANGE 0 16383 >/dev/null
  for i in $(seq 1 50); do
    [[ "$(redis-cli -p "$port" CLUSTER INFO 2>/dev/null)" == *cluster_state:ok* ]] && break; sleep 0.1
  done
  (
    export QUARKUS_DATASOURCE_REACTIVE_URL="postgresql://127.0.0.1:$PG_PORT/sessions_test"
    export QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/sessions_test"
    export QUARKUS_DATASOURCE_USERNAME="$PG_USER"
    export QUARKUS_DATASOURCE_PASSWORD="$PG_PASSWORD"
    export TEST_REDIS_CLUSTER="redis://127.0.0.1:$port"
    export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 MAILDEV_BIN="$MAILDEV_BIN"
    unset REGISTRY_GEOIP_DATABASE
    close_lock_fds
    exec > >(tee "$STATE/logs/cluster-module-tests.log") 2>&1
    exec ./mvnw -B --fail-at-end test -pl session-registry,auth-service -am \
      -Dtest="$CLUSTER_MODULE_TESTS" -Dsurefire.failIfNoSpecifiedTests=false
  ) || rc=$?
  TEST_LOGS+=("on a cluster:$STATE/logs/cluster-module-tests.log")
  stop_pid "$(cat "$dir/redis.pid" 2>/dev/null)" redis-server TERM
  if (( rc == 0 )); then CLUSTER_RESULT=passed; else CLUSTER_RESULT="FAILED (exit $rc)"; fi
  info "module tests on a cluster: $CLUSTER_RESULT in $(seconds_since "$started") s"
  return "$rc"
}
