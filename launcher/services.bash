# The two services: start (only when their build or settings changed), readiness and stop; the environment they run
# with is export_service_env in ./stack.

HEALTH_TIMEOUT="${HEALTH_TIMEOUT:-90}"

# The port of a service's instance (a unit: auth-service, auth-service-2, ...; topology.bash).
service_port() {
  unit_port "$1"
}

# What a running service was started with; a change (new build, other settings) means a restart.
service_fingerprint() {
  local svc="$1" snapshot="$2"
  (
    export_service_env "$svc"
    export_unit_env "$svc"
    echo "$snapshot $S_JAVA_OPTS"
    cat "$JVM_STARTUP_OPTIONS"
    env | grep -E '^(AUTH|REGISTRY|QUARKUS|INTERNAL|SMALLRYE|MP)_' | sort
  ) | sha256sum | cut -c1-32
}

start_service() {
  local svc="$1" snapshot="$2" port pidfile pid fp log
  port="$(service_port "$svc")"
  pidfile="$RUN/run/$svc.pid"
  log="$RUN/logs/$svc.log"
  fp="$(service_fingerprint "$svc" "$snapshot")"
  pid="$(read_pid "$pidfile")"
  if pid_matches "$pid" quarkus-run.jar; then
    if [[ "$(cat "$RUN/run/$svc.fingerprint" 2>/dev/null)" == "$fp" ]]; then
      note "$svc is already running (pid $pid), unchanged"
      return 0
    fi
    info "restarting $svc (new build or settings)"
    stop_service_process "$svc" "$pid"
  fi
  rm -f "$pidfile"
  if port_open "$port"; then
    fail_port_taken "$port" "$svc" "$(unit_port_setting "$svc")"
  fi
  info "starting $svc on port $port"
  mkdir -p "$RUN/run" "$RUN/logs"
  printf '\n===== %s starting %s from %s\n' "$(date -u +%FT%TZ)" "$svc" "${snapshot#"$ROOT"/}" >>"$log"
  (
    export_service_env "$svc"
    export_unit_env "$svc"
    cd "$RUN"
    close_lock_fds
    # shellcheck disable=SC2086
    exec setsid "$SERVICE_JAVA" "$(jvm_startup_opts)" $S_JAVA_OPTS $(class_data_opts "$snapshot" "$INSTANCE-$svc") -jar "$snapshot/quarkus-run.jar"
  ) >>"$log" 2>&1 </dev/null &
  echo $! >"$pidfile"
  echo "$fp" >"$RUN/run/$svc.fingerprint"
  echo "$snapshot" >"$RUN/run/$svc.snapshot"
}

# Waits for /q/health/ready, and for a service that migrates its schema beside the start (ADR 17) until the readiness
# data says "migrated", so that a stack that is up serves everything; on failure names the part that failed and shows
# the tail of its log.
wait_ready() {
  local svc="$1" port pid started waited body
  port="$(service_port "$svc")"
  pid="$(read_pid "$RUN/run/$svc.pid")"
  started=$(date +%s)
  while :; do
    if body="$(curl -fsS -m 3 "http://127.0.0.1:$port/q/health/ready" 2>/dev/null)" \
      && { [[ "$body" != *'"schema"'* ]] || grep -Eq '"schema": *"migrated"' <<<"$body"; }; then
      note "$svc is ready ($(seconds_since "$started") s)"
      return 0
    fi
    if ! pid_alive "$pid"; then
      show_tail "$RUN/logs/$svc.log" 60
      die "$svc exited during start-up (log: ${RUN#"$ROOT"/}/logs/$svc.log)"
    fi
    waited=$(seconds_since "$started")
    if (( waited >= HEALTH_TIMEOUT )); then
      show_tail "$RUN/logs/$svc.log" 60
      curl -sS -m 3 "http://127.0.0.1:$port/q/health/ready" 2>&1 | head -c 2000 >&2 || true
      echo >&2
      die "$svc did not become ready within $HEALTH_TIMEOUT s (HEALTH_TIMEOUT; log: ${RUN#"$ROOT"/}/logs/$svc.log)"
    fi
    sleep 1
  done
}

stop_service() {
  local svc="$1" pidfile pid
  pidfile="$RUN/run/$svc.pid"
  pid="$(read_pid "$pidfile")"
  if pid_matches "$pid" quarkus-run.jar; then
    note "stopping $svc (pid $pid)"
    stop_service_process "$svc" "$pid"
  fi
  rm -f "$pidfile" "$RUN/run/$svc.fingerprint" "$RUN/run/$svc.snapshot"
}

# Stops a service's process; a clean stop keeps the class-data archive it recorded (cds.bash), a kill drops it.
stop_service_process() {
  local svc="$1" pid="$2" snapshot
  snapshot="$(cat "$RUN/run/$svc.snapshot" 2>/dev/null || true)"
  stop_pid "$pid" "$svc"
  [[ -n "$snapshot" ]] || return 0
  if (( STOPPED_CLEANLY )); then
    class_data_keep "$snapshot" "$INSTANCE-$svc"
  else
    class_data_drop "$snapshot" "$INSTANCE-$svc"
  fi
}

