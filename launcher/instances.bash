# Stack instances: "main" (./stack up) and "e2e-<base>" (./stack e2e); each has its own ports, database,
# Redis database index, revocation channel and runtime folder .stack/<instance>/

use_main_instance() {
  INSTANCE=main
  RUN="$STATE/main"
  S_GATEWAY_PORT="${GATEWAY_PORT:-8080}"
  S_AUTH_PORT="${AUTH_PORT:-8081}"
  S_REGISTRY_PORT="${REGISTRY_PORT:-8082}"
  S_APP_PORT="${APP_PORT:-8090}"
  S_DB="${PG_DATABASE:-sessions}"
  S_REDIS_DB="${REDIS_DB:-0}"
  S_CHANNEL=revocations
  S_MAILDEV_SMTP_PORT="${MAILDEV_SMTP_PORT:-1025}"
  S_MAILDEV_WEB_PORT="${MAILDEV_WEB_PORT:-1080}"
  S_PUBLIC_URL="http://localhost:$S_GATEWAY_PORT"
  S_WORKERS=auto
  S_JAVA_OPTS="${JAVA_OPTS:--Xmx1g}"
  SECRETS_FILE="$STATE/secrets.env"
  S_CLUSTER_PORT_BASE="${CLUSTER_PORT_BASE:-7001}"
  # the main stack's cluster keeps its data across down and up, like the standalone Redis
  S_CLUSTER_FRESH=0
  S_CLUSTER_APPENDONLY=yes
  topology_settings
}

use_e2e_instance() {
  local base="${E2E_PORT_BASE:-18080}"
  [[ "$base" =~ ^[0-9]+$ ]] && (( base > 1024 && base < 65000 )) || die "E2E_PORT_BASE must be a port number (got '$base')"
  INSTANCE="e2e-$base"
  RUN="$STATE/$INSTANCE"
  E2E_BASE="$base"
  S_GATEWAY_PORT="$base"
  S_AUTH_PORT=$(( base + 1 ))
  S_REGISTRY_PORT=$(( base + 2 ))
  S_APP_PORT=$(( base + 10 ))
  if [[ "$base" == 18080 ]]; then S_DB="${E2E_DB:-sessions_e2e}"; else S_DB="${E2E_DB:-sessions_e2e_$base}"; fi
  S_REDIS_DB="${E2E_REDIS_DB:-2}"
  [[ "$S_REDIS_DB" != 0 ]] || die "E2E_REDIS_DB must not be 0: the e2e stack wipes its Redis database index"
  S_CHANNEL="revocations-e2e-$base"
  S_MAILDEV_SMTP_PORT=$(( base + 25 ))
  S_MAILDEV_WEB_PORT=$(( base + 26 ))
  # the OTLP/HTTP receiver the e2e tests run for the whole suite (TracingIT reads the services' spans there)
  S_OTLP_PORT=$(( base + 18 ))
  # the address the tests' browser uses, so that it can follow an emailed link as it is
  S_PUBLIC_URL="http://127.0.0.1:$S_GATEWAY_PORT"
  S_WORKERS=1
  S_JAVA_OPTS="${JAVA_OPTS:--Xmx512m -XX:+UseSerialGC -XX:TieredStopAtLevel=1}"
  SECRETS_FILE="$RUN/secrets.env"
  # base+11 to base+16, bus ports 10000 above: clear of the stack's other ports
  S_CLUSTER_PORT_BASE="${E2E_CLUSTER_PORT_BASE:-$(( base + 11 ))}"
  [[ "$S_CLUSTER_PORT_BASE" =~ ^[0-9]+$ ]] && (( S_CLUSTER_PORT_BASE > 1024 && S_CLUSTER_PORT_BASE < 55530 )) \
    || die "E2E_CLUSTER_PORT_BASE must be a port number below 55530 (its bus ports are 10000 above; got '$S_CLUSTER_PORT_BASE')"
  # a throw-away cluster per run, like the wiped Redis database of the standalone topology
  S_CLUSTER_FRESH=1
  S_CLUSTER_APPENDONLY=no
  topology_settings
}

use_instance_by_name() {
  case "$1" in
    main) use_main_instance ;;
    e2e-*) E2E_PORT_BASE="${1#e2e-}" use_e2e_instance ;;
    *) die "unknown stack instance '$1' (main or e2e-<port base>)" ;;
  esac
}

# The units of the current instance that have a pid file (whatever topology started them), one a line.
recorded_units() {
  local svc f
  for svc in "${SERVICES[@]}"; do
    for f in "$RUN/run/$svc.pid" "$RUN/run/$svc"-[0-9]*.pid; do
      [[ -e "$f" ]] && basename "$f" .pid
    done
  done
  return 0
}

# local mode: whole instances

# Fails before anything starts when one of this instance's ports is held by a process that is not ours.
preflight_ports() {
  local main=0 unit pid
  [[ "$INSTANCE" == main ]] && main=1
  while read -r unit; do
    pid="$(read_pid "$RUN/run/$unit.pid")"
    if port_open "$(unit_port "$unit")" && ! pid_matches "$pid" quarkus-run.jar; then
      fail_port_taken "$(unit_port "$unit")" "$unit" "$(unit_port_setting "$unit")"
    fi
  done < <(service_units)
  pid="$(read_pid "$RUN/nginx/nginx.pid")"
  if ! pid_matches "$pid" nginx; then
    if port_open "$S_GATEWAY_PORT"; then
      fail_port_taken "$S_GATEWAY_PORT" gateway "$( (( main )) && echo GATEWAY_PORT || echo E2E_PORT_BASE)"
    fi
    if port_open "$S_APP_PORT"; then
      fail_port_taken "$S_APP_PORT" "sample app" "$( (( main )) && echo APP_PORT || echo E2E_PORT_BASE)"
    fi
  fi
}

# Starts PostgreSQL, Redis (standalone, or this instance's Redis Cluster), the services' instances and the gateway.
instance_up() {
  local owner="$1" admin_email="$2" started; started=$(date +%s)
  S_PG_PORT="$PG_PORT" S_REDIS_PORT="$REDIS_PORT" S_PG_USER="$PG_USER"
  mkdir -p "$RUN/run" "$RUN/logs" "$STATE/logs"
  ensure_tools nginx envsubst
  preflight_ports
  if [[ "$S_TOPOLOGY" == cluster ]]; then
    ensure_servers "$owner" postgres
  else
    ensure_servers "$owner"
  fi
  # the credentials ensure_servers settled on (generated for servers ./stack started, the caller's otherwise)
  S_PG_PASSWORD="$PG_PASSWORD" S_REDIS_PASSWORD="$REDIS_PASSWORD"
  if [[ "$S_TOPOLOGY" == cluster ]]; then
    S_CLUSTER_PASSWORD="$STACK_REDIS_PASSWORD"
    ensure_redis_cluster "$S_CLUSTER_FRESH" "$S_CLUSTER_APPENDONLY"
  fi
  echo "$S_TOPOLOGY $S_INSTANCES" >"$RUN/topology"
  ensure_database "$S_DB"
  ensure_secrets "$admin_email"
  ensure_geoip
  start_maildev
  build_services
  local unit wanted
  wanted="$(service_units)"
  # instances of an earlier ./stack up with more of them, which this topology does not have
  while read -r unit; do
    grep -qxF "$unit" <<<"$wanted" || stop_service "$unit"
  done < <(recorded_units)
  # The first instance of each service before the others: a first start creates the bootstrap admin, and two
  # auth-service instances doing that at once collide on the account's unique email.
  local round units var
  for round in first others; do
    if [[ "$round" == first ]]; then units="$(grep -v -- '-[0-9][0-9]*$' <<<"$wanted")"; else units="$(grep -- '-[0-9][0-9]*$' <<<"$wanted" || true)"; fi
    [[ -n "$units" ]] || continue
    while read -r unit; do
      var="SNAPSHOT_$(unit_service "$unit" | tr - _)"
      start_service "$unit" "${!var}"
    done <<<"$units"
    while read -r unit; do
      wait_ready "$unit"
    done <<<"$units"
  done
  start_gateway
  # a cluster of an earlier STACK_TOPOLOGY=cluster ./stack up, which nothing uses now
  [[ "$S_TOPOLOGY" == cluster ]] || stop_redis_cluster
  info "stack '$INSTANCE' is up ($S_TOPOLOGY Redis, $S_INSTANCES instance(s) of each service; $(seconds_since "$started") s)"
}

instance_down() {
  [[ -d "$RUN" ]] || return 0
  stop_gateway
  local unit
  while read -r unit; do
    stop_service "$unit"
  done < <(recorded_units)
  stop_maildev
  stop_redis_cluster
  rm -f "$RUN/owner.pid"
}

# True when a transient instance (e2e) belongs to a ./stack process that is gone.
instance_stale() {
  local dir="$1" owner
  owner="$(read_pid "$dir/owner.pid")"
  [[ -n "$owner" ]] && ! pid_alive "$owner"
}

instance_running() {
  local unit
  while read -r unit; do
    pid_matches "$(read_pid "$RUN/run/$unit.pid")" quarkus-run.jar && return 0
  done < <(recorded_units)
  [[ -n "$(running_cluster_nodes)" ]] && return 0
  pid_matches "$(read_pid "$RUN/nginx/nginx.pid")" nginx
}

mail_line() {
  if maildev_wanted; then
    echo "MailDev http://localhost:$S_MAILDEV_WEB_PORT/  (SMTP 127.0.0.1:$S_MAILDEV_SMTP_PORT; GET /email lists the messages)"
  else
    echo "the SMTP server $QUARKUS_MAILER_HOST:${QUARKUS_MAILER_PORT:-25} (QUARKUS_MAILER_HOST)"
  fi
}

print_urls() {
  cat <<EOF

  ${C_GREEN}Account console${C_OFF}   http://localhost:$S_GATEWAY_PORT/
  Swagger UI         http://localhost:$S_AUTH_PORT/q/swagger-ui  (auth-service)
                     http://localhost:$S_REGISTRY_PORT/q/swagger-ui  (session-registry)
  Sample app         http://localhost:$S_GATEWAY_PORT/api/whoami  (through the gateway, bearer token required)
  Admin sign-in      $AUTH_BOOTSTRAP_ADMIN_EMAIL / $AUTH_BOOTSTRAP_ADMIN_PASSWORD   (kept in .stack/secrets.env)
  Location data      ${REGISTRY_GEOIP_DATABASE:-none (sessions show no location)}
  Mail               $(mail_line)

  ./stack logs [auth-service|session-registry|gateway] -f    ./stack status    ./stack down
EOF
}

local_up() {
  use_main_instance
  lock instance-main || die "another ./stack is starting or stopping the main stack"
  instance_up up admin@example.com
  unlock instance-main
  print_urls
}

local_down() {
  use_main_instance
  lock instance-main || die "another ./stack is starting or stopping the main stack"
  if [[ -d "$RUN" ]]; then
    info "stopping stack 'main'"
    instance_down
  fi
  S_PG_PORT="$PG_PORT" S_REDIS_PORT="$REDIS_PORT"
  release_servers
  unlock instance-main
  local dir
  for dir in "$STATE"/e2e-*; do
    [[ -d "$dir" ]] && instance_stale "$dir" || continue
    use_instance_by_name "$(basename "$dir")"
    info "stopping the abandoned stack '$INSTANCE'"
    instance_down
    release_servers
  done
  info "stopped"
}

local_reset() {
  use_main_instance
  lock instance-main || die "another ./stack is starting or stopping the main stack"
  if [[ -d "$RUN" ]]; then
    instance_down
  fi
  S_PG_PORT="$PG_PORT" S_REDIS_PORT="$REDIS_PORT"
  ensure_servers up
  info "wiping database $S_DB and the services' keys in Redis database $S_REDIS_DB (port $REDIS_PORT)"
  drop_database "$S_DB"
  wipe_redis_keys "$S_REDIS_DB"
  # the Redis Cluster of STACK_TOPOLOGY=cluster is the stack's own (stopped above): its files go as a whole
  if [[ -d "$(cluster_dir)" ]]; then
    info "wiping the Redis Cluster's files (${RUN#"$ROOT"/}/redis-cluster)"
    rm -rf "$(cluster_dir)"
  fi
  release_servers
  unlock instance-main
  info "data wiped; ./stack up starts afresh (the admin is created again from .stack/secrets.env)"
}

status_line() {
  printf '  %-18s %-10s %s\n' "$1" "$2" "$3"
}

local_status() {
  echo "mode: local servers (no Docker engine)"
  local pgstate redisstate
  if port_open "$PG_PORT"; then pgstate=running; else pgstate=stopped; fi
  if port_open "$REDIS_PORT"; then redisstate=running; else redisstate=stopped; fi
  local pgwho='' rwho=''
  [[ -s "$(server_dir postgres "$PG_PORT")/started" ]] && pgwho="started by ./stack ($(cat "$(server_dir postgres "$PG_PORT")/started"))"
  [[ -s "$(server_dir redis "$REDIS_PORT")/started" ]] && rwho="started by ./stack"
  status_line PostgreSQL "$pgstate" "127.0.0.1:$PG_PORT ${pgwho:-(not started by ./stack)}"
  status_line Redis "$redisstate" "127.0.0.1:$REDIS_PORT ${rwho:-(not started by ./stack)}"
  local dir any=0
  for dir in "$STATE"/main "$STATE"/e2e-*; do
    [[ -d "$dir/run" || -d "$dir/nginx" ]] || continue
    use_instance_by_name "$(basename "$dir")"
    # A finished e2e run leaves its logs behind; only the main stack is listed when nothing of it runs.
    if [[ "$INSTANCE" != main ]] && ! instance_running; then
      continue
    fi
    any=1
    local topology='standalone 1'
    [[ -s "$RUN/topology" ]] && topology="$(cat "$RUN/topology")"
    echo "stack '$INSTANCE' (${topology% *} Redis, ${topology#* } instance(s) of each service):"
    local unit pid state units
    # every instance that has a pid file, and at least the first of each service
    units="$( { printf '%s\n' "${SERVICES[@]}"; recorded_units; } | awk '!seen[$0]++')"
    while read -r unit; do
      pid="$(read_pid "$RUN/run/$unit.pid")"
      if pid_matches "$pid" quarkus-run.jar; then
        if curl -fsS -m 2 -o /dev/null "http://127.0.0.1:$(service_port "$unit")/q/health/ready" 2>/dev/null; then state=ready; else state='not ready'; fi
        status_line "$unit" "$state" "pid $pid, http://localhost:$(service_port "$unit")"
      else
        status_line "$unit" stopped ''
      fi
    done <<<"$units"
    local port role
    S_CLUSTER_PASSWORD="$(sed -n "s/^STACK_REDIS_PASSWORD='\(.*\)'$/\1/p" "$SERVER_SECRETS_FILE" 2>/dev/null || true)"
    while read -r port pid; do
      [[ -n "$port" ]] || continue
      role="$(cluster_cli "$port" role 2>/dev/null | head -n 1 || true)"
      status_line redis-cluster running "pid $pid, 127.0.0.1:$port ${role:+($role)}"
    done < <(running_cluster_nodes)
    pid="$(read_pid "$RUN/nginx/nginx.pid")"
    if pid_matches "$pid" nginx; then
      status_line gateway running "pid $pid, http://localhost:$S_GATEWAY_PORT/ (sample app 127.0.0.1:$S_APP_PORT)"
    else
      status_line gateway stopped ''
    fi
  done
  (( any )) || echo "no stack has been started (./stack up)"
}

local_logs() {
  local follow=0 svc='' arg
  for arg in "$@"; do
    case "$arg" in
      -f|--follow) follow=1 ;;
      *) svc="$arg" ;;
    esac
  done
  use_instance_by_name "${STACK_INSTANCE:-main}"
  local files=()
  case "$svc" in
    '') files=("$RUN/logs"/session-registry*.log "$RUN/logs"/auth-service*.log "$RUN/nginx/logs/error.log" "$RUN/nginx/logs/access.log") ;;
    auth-service|auth) files=("$RUN/logs/auth-service.log" "$RUN/logs"/auth-service-[0-9]*.log) ;;
    session-registry|registry) files=("$RUN/logs/session-registry.log" "$RUN/logs"/session-registry-[0-9]*.log) ;;
    auth-service-[0-9]*|session-registry-[0-9]*) files=("$RUN/logs/$svc.log") ;;
    gateway|nginx) files=("$RUN/nginx/logs/error.log" "$RUN/nginx/logs/access.log") ;;
    redis-cluster|cluster) files=("$RUN/redis-cluster"/*/redis.log) ;;
    build) files=("$STATE/logs/build.log") ;;
    apt) files=("$STATE/logs/apt.log") ;;
    *) die "unknown service '$svc' (auth-service, session-registry, auth-service-2, ..., gateway, redis-cluster, build, apt)" ;;
  esac
  local existing=() f
  for f in "${files[@]}"; do [[ -e "$f" ]] && existing+=("$f"); done
  (( ${#existing[@]} )) || die "no logs yet for stack '$INSTANCE'"
  if (( follow )); then exec tail -n 100 -F "${existing[@]}"; fi
  tail -n 200 "${existing[@]}"
}


# ./stack migrate-redis [--dry-run]: converts the Redis keys of ADR 4's layout into the bucketed layout (ADR 15) with
# the main stack's settings, run by the registry's build (its `migrate-redis` command); the services are stopped first.
local_migrate_redis() {
  local arg unit
  for arg in "$@"; do
    [[ "$arg" == --dry-run ]] || die "migrate-redis takes only --dry-run (got '$arg')"
  done
  use_main_instance
  [[ "$S_TOPOLOGY" == standalone ]] || die "migrate-redis converts in place on the standalone Redis that ADR 4's layout ran on (STACK_TOPOLOGY=$S_TOPOLOGY)"
  lock instance-main || die "another ./stack is starting or stopping the main stack"
  while read -r unit; do
    if pid_matches "$(read_pid "$RUN/run/$unit.pid")" quarkus-run.jar; then
      die "$unit is running: stop the services first (./stack down), then run ./stack migrate-redis"
    fi
  done < <(recorded_units)
  S_PG_PORT="$PG_PORT" S_REDIS_PORT="$REDIS_PORT" S_PG_USER="$PG_USER"
  mkdir -p "$RUN/run" "$RUN/logs"
  ensure_servers up
  S_PG_PASSWORD="$PG_PASSWORD" S_REDIS_PASSWORD="$REDIS_PASSWORD"
  ensure_database "$S_DB"
  ensure_secrets admin@example.com
  ensure_geoip
  build_services
  info "converting the Redis keys of ADR 4's layout$( [[ " $* " == *" --dry-run "* ]] && echo " (dry run: nothing is written)")"
  (
    export_service_env session-registry
    export_unit_env session-registry
    # the conversion's report is its standard output; the service's own log lines stay in the log
    export QUARKUS_LOG_CONSOLE_LEVEL=WARN
    # shellcheck disable=SC2086
    "$SERVICE_JAVA" $S_JAVA_OPTS -jar "$SNAPSHOT_session_registry/quarkus-run.jar" migrate-redis "$@"
  )
  unlock instance-main
}
