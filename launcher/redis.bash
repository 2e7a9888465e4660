# Redis: the server on REDIS_PORT (used as found, or started with a generated password) and the services' keys.

REDIS_PORT="${REDIS_PORT:-6379}"
# The caller's password, for a server already listening that ./stack did not start; one that ./stack starts gets the
# generated STACK_REDIS_PASSWORD (ensure_server_secrets).
REDIS_PASSWORD="${REDIS_PASSWORD:-}"

# Redis keys the services own (session-contract's RedisKeys; LauncherKeyPatternsTest holds them together); reset
# deletes exactly these.
REDIS_KEY_PATTERNS=('s:*' 'us:*' 'exp:*' 'rv:*' 'rvx:*' 'ob:*' 'obd' 'a:*' 'si:*' 'rt:*' 'sa:*' 'login:fail:*' 'register:*' 'reset:*' 'mfa:challenge:*')

# Percent-encodes a password for a redis:// URL.
url_encode() {
  local text="$1" out='' i c
  for (( i = 0; i < ${#text}; i++ )); do
    c="${text:i:1}"
    case "$c" in
      [A-Za-z0-9._~-]) out+="$c" ;;
      *) printf -v c '%%%02X' "'$c"; out+="$c" ;;
    esac
  done
  printf '%s' "$out"
}

# redis://[:password@]127.0.0.1:<port>/<db>
redis_url() {
  local port="$1" db="$2" password="$3"
  if [[ -n "$password" ]]; then
    printf 'redis://:%s@127.0.0.1:%s/%s' "$(url_encode "$password")" "$port" "$db"
  else
    printf 'redis://127.0.0.1:%s/%s' "$port" "$db"
  fi
}

# redis-cli with the password of the Redis in use (REDISCLI_AUTH: not on the command line, no warning).
redis_cli() {
  env "${REDIS_AUTH_ENV[@]}" timeout 10 redis-cli -h 127.0.0.1 -p "$REDIS_PORT" "$@"
}

# The environment redis-cli needs for the current REDIS_PASSWORD (nothing when there is none: an empty
# REDISCLI_AUTH would still send AUTH).
redis_auth_env() {
  REDIS_AUTH_ENV=(-u REDISCLI_AUTH)
  if [[ -n "$REDIS_PASSWORD" ]]; then REDIS_AUTH_ENV=("REDISCLI_AUTH=$REDIS_PASSWORD"); fi
}
REDIS_AUTH_ENV=(-u REDISCLI_AUTH)

ensure_redis() {
  local dir data; dir="$(server_dir redis "$REDIS_PORT")"
  data="$STATE/redis/$REDIS_PORT"
  mkdir -p "$dir"
  if port_open "$REDIS_PORT"; then
    # Ours: the generated password; someone else's: the caller's REDIS_PASSWORD (none by default).
    if [[ -s "$dir/started" ]]; then REDIS_PASSWORD="$STACK_REDIS_PASSWORD"; fi
    redis_auth_env
    local answer; answer="$(redis_cli ping 2>&1 || true)"
    if [[ "$answer" == *NOAUTH* || "$answer" == *WRONGPASS* || "$answer" == *"invalid password"* ]]; then
      die "the Redis on port $REDIS_PORT wants a password: set REDIS_PASSWORD (got: ${answer//$'\n'/ })"
    fi
    [[ "$answer" == PONG ]] \
      || die "port $REDIS_PORT (REDIS_PORT) is held by $(port_owner "$REDIS_PORT"), which does not answer like Redis; stop it or set REDIS_PORT"
    [[ -s "$dir/started" ]] || note "Redis: using the server already listening on 127.0.0.1:$REDIS_PORT"
    return 0
  fi
  ensure_tools redis-server redis-client
  info "starting Redis on 127.0.0.1:$REDIS_PORT with a generated password (data: ${data#"$ROOT"/})"
  REDIS_PASSWORD="$STACK_REDIS_PASSWORD"
  start_redis_server "$data" "$data/redis.pid" "$data/redis.log"
  echo "$data/redis.pid" >"$dir/started"
}

# start_redis_server DATA_DIR PID_FILE LOG_FILE: a redis-server daemon on 127.0.0.1:REDIS_PORT that wants
# REDIS_PASSWORD, with an append-only file (fsync every second) in DATA_DIR; returns once it answers PING.
start_redis_server() {
  local data="$1" pidfile="$2" logfile="$3"
  mkdir -p "$data"
  redis_auth_env
  # The password goes in a file of mode 600, not on the command line (ps would show it).
  (umask 077; printf 'requirepass %s\n' "$REDIS_PASSWORD" >"$data/auth.conf")
  (close_lock_fds; exec redis-server "$data/auth.conf" --bind 127.0.0.1 --port "$REDIS_PORT" --protected-mode yes \
    --dir "$data" --appendonly yes --appendfsync everysec --save '' \
    --daemonize yes --pidfile "$pidfile" --logfile "$logfile") \
    || die "redis-server did not start"
  local waited=0
  until [[ "$(redis_cli ping 2>/dev/null || true)" == PONG ]]; do
    if (( waited++ >= 60 )); then
      show_tail "$logfile"
      die "Redis did not answer on port $REDIS_PORT within 30 s"
    fi
    sleep 0.5
  done
}

stop_redis() {
  local port="$1" dir="$2" pidfile pid
  pidfile="$(cat "$dir/started")"
  pid="$(read_pid "$pidfile")"
  info "stopping Redis on port $port (started by ./stack)"
  if pid_matches "$pid" redis-server; then
    stop_pid "$pid" redis-server TERM
  fi
  rm -f "$dir/started"
}

# Deletes the services' own keys (and nothing else) in one Redis database.
wipe_redis_keys() {
  local db="$1" pattern
  for pattern in "${REDIS_KEY_PATTERNS[@]}"; do
    redis_cli -n "$db" --scan --pattern "$pattern" \
      | env "${REDIS_AUTH_ENV[@]}" xargs -r -n 500 timeout 30 redis-cli -h 127.0.0.1 -p "$REDIS_PORT" -n "$db" DEL >/dev/null
  done
}

