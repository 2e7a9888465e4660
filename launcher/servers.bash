# PostgreSQL and Redis servers shared by the stacks of one checkout: used as found, or started by the launcher and
# then reference-counted per stack instance (INSTANCE), so that the last user to leave stops what was started.

server_dir() { echo "$STATE/servers/$1-$2"; }

# Registers a stack as a user of a server: transient users (test, e2e, a bench run) record the pid of their process
# and count while it lives; lasting users (up, a kept bench stack) record their name and count until they release.
server_use() {
  local dir; dir="$(server_dir "$1" "$2")"
  mkdir -p "$dir/users"
  echo "$3" >"$dir/users/$INSTANCE"
}

# Removes this stack's use of a server and stops the server if ./stack started it and nobody uses it any more.
server_release() {
  local kind="$1" port="$2" dir users=0 f owner
  dir="$(server_dir "$kind" "$port")"
  [[ -d "$dir" ]] || return 0
  rm -f "$dir/users/$INSTANCE"
  for f in "$dir"/users/*; do
    [[ -e "$f" ]] || continue
    owner="$(cat "$f")"
    if [[ ! "$owner" =~ ^[0-9]+$ ]] || pid_alive "$owner"; then
      users=$(( users + 1 ))
    else
      rm -f "$f"
    fi
  done
  if (( users == 0 )) && [[ -s "$dir/started" ]]; then
    case "$kind" in
      postgres) stop_postgres "$dir" ;;
      redis) stop_redis "$port" "$dir" ;;
    esac
  fi
}

# ensure_servers OWNER [postgres|redis]: makes PostgreSQL and Redis (or only the one named) available to the current
# stack instance.
ensure_servers() {
  local owner="$1" only="${2:-}"
  ensure_tools postgres-client redis-client
  lock servers || die "timed out waiting for another ./stack to start the servers"
  ensure_server_secrets
  if [[ "$only" != redis ]]; then
    ensure_postgres
    server_use postgres "$PG_PORT" "$owner"
  fi
  if [[ "$only" != postgres ]]; then
    ensure_redis
    server_use redis "$REDIS_PORT" "$owner"
  fi
  unlock servers
}

# release_servers [postgres|redis]
release_servers() {
  local only="${1:-}"
  lock servers || { warn "could not take the servers lock; servers left running"; return 0; }
  [[ "$only" == redis ]] || server_release postgres "$PG_PORT"
  [[ "$only" == postgres ]] || server_release redis "$REDIS_PORT"
  unlock servers
}
