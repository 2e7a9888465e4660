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
}

use_instance_by_name() {
  case "$1" in
    main) use_main_instance ;;
    e2e-*) E2E_PORT_BASE="${1#e2e-}" use_e2e_instance ;;
    *) die "unknown stack instance '$1' (main or e2e-<port base>)" ;;
  esac
}

# local mode: whole instances

# Fails before anything starts when one of this instance's ports is held by a process that is not ours.
preflight_ports() {
  local main=0 svc pid
  [[ "$INSTANCE" == main ]] && main=1
  for svc in "${SERVICES[@]}"; do
    pid="$(read_pid "$RUN/run/$svc.pid")"
    if port_open "$(service_port "$svc")" && ! pid_matches "$pid" quarkus-run.jar; then
      fail_port_taken "$(service_port "$svc")" "$svc" "$( (( main )) && { [[ $svc == auth-service ]] && echo AUTH_PORT || echo REGISTRY_PORT; } || echo E2E_PORT_BASE)"
    fi
  done
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

# Starts PostgreSQL, Redis, both services and the gateway for the current instance.
instance_up() {
  local owner="$1" admin_email="$2" started; started=$(date +%s)
  S_PG_PORT="$PG_PORT" S_REDIS_PORT="$REDIS_PORT" S_PG_USER="$PG_USER"
  mkdir -p "$RUN/run" "$RUN/logs" "$STATE/logs"
  ensure_tools nginx envsubst
  preflight_ports
  ensure_servers "$owner"
  # the credentials ensure_servers settled on (generated for servers ./stack started, the caller's otherwise)
  S_PG_PASSWORD="$PG_PASSWORD" S_REDIS_PASSWORD="$REDIS_PASSWORD"
  ensure_database "$S_DB"
  ensure_secrets "$admin_email"
  ensure_geoip
  start_maildev
  build_services
  local svc
  for svc in "${SERVICES[@]}"; do
    local var="SNAPSHOT_${svc//-/_}"
    start_service "$svc" "${!var}"
  done
  for svc in "${SERVICES[@]}"; do
    wait_ready "$svc"
  done
  start_gateway
  info "stack '$INSTANCE' is up ($(seconds_since "$started") s)"
}

instance_down() {
  [[ -d "$RUN" ]] || return 0
  stop_gateway
  local svc
  for svc in "${SERVICES[@]}"; do
    stop_service "$svc"
  done
  stop_maildev
  rm -f "$RUN/owner.pid"
}

# True when a transient instance (e2e) belongs to a ./stack process that is gone.
instance_stale() {
  local dir="$1" owner
  owner="$(read_pid "$dir/owner.pid")"
  [[ -n "$owner" ]] && ! pid_alive "$owner"
}

instance_running() {
  local svc
  for svc in "${SERVICES[@]}"; do
    pid_matches "$(read_pid "$RUN/run/$svc.pid")" quarkus-run.jar && return 0
  done
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
    echo "stack '$INSTANCE':"
    local svc pid state
    for svc in "${SERVICES[@]}"; do
      pid="$(read_pid "$RUN/run/$svc.pid")"
      if pid_matches "$pid" quarkus-run.jar; then
        if curl -fsS -m 2 -o /dev/null "http://127.0.0.1:$(service_port "$svc")/q/health/ready" 2>/dev/null; then state=ready; else state='not ready'; fi
        status_line "$svc" "$state" "pid $pid, http://localhost:$(service_port "$svc")"
      else
        status_line "$svc" stopped ''
      fi
    done
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
    '') files=("$RUN/logs/session-registry.log" "$RUN/logs/auth-service.log" "$RUN/nginx/logs/error.log" "$RUN/nginx/logs/access.log") ;;
    auth-service|auth) files=("$RUN/logs/auth-service.log") ;;
    session-registry|registry) files=("$RUN/logs/session-registry.log") ;;
    gateway|nginx) files=("$RUN/nginx/logs/error.log" "$RUN/nginx/logs/access.log") ;;
    build) files=("$STATE/logs/build.log") ;;
    apt) files=("$STATE/logs/apt.log") ;;
    *) die "unknown service '$svc' (auth-service, session-registry, gateway, build, apt)" ;;
  esac
  local existing=() f
  for f in "${files[@]}"; do [[ -e "$f" ]] && existing+=("$f"); done
  (( ${#existing[@]} )) || die "no logs yet for stack '$INSTANCE'"
  if (( follow )); then exec tail -n 100 -F "${existing[@]}"; fi
  tail -n 200 "${existing[@]}"
}

