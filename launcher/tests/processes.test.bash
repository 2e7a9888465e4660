# Pid files and ports: a stale pid file must never make the launcher stop or adopt a stranger's process, and a port
# held by a stranger must stop a start before anything runs.

# Starts `sleep 300` in the background and waits until the child runs sleep itself: until it has exec'd, its
# command line is the test shell's, and a signal sent then reaches the shell's copy (seen failing both tests below).
start_sleeper() {
  sleep 300 &
  SLEEPER=$!
  BACKGROUND+=("$SLEEPER")
  local tries=0
  until tr '\0' ' ' <"/proc/$SLEEPER/cmdline" 2>/dev/null | grep -q '^sleep 300'; do
    (( ++tries < 500 )) || break
    sleep 0.01
  done
}

test_pid_matches_a_live_process_by_its_command_line() {
  start_sleeper
  # the words of /proc/<pid>/cmdline are NUL-separated: "sleep 300" only matches once they are joined
  assert_succeeds pid_matches "$SLEEPER" 'sleep 300'
  assert_fails pid_matches "$SLEEPER" quarkus-run.jar
}

test_pid_matches_refuses_a_dead_an_empty_and_a_garbage_pid() {
  true &
  local dead=$!
  wait "$dead"
  assert_fails pid_matches "$dead" true
  assert_fails pid_matches '' sleep
  assert_fails pid_matches 999999999 sleep
}

test_read_pid_keeps_only_digits_and_tolerates_a_missing_file() {
  printf '4242\n' >"$STATE/a.pid"
  assert_eq 4242 "$(read_pid "$STATE/a.pid")" 'pid with a newline'
  : >"$STATE/empty.pid"
  assert_eq '' "$(read_pid "$STATE/empty.pid")" 'empty pid file'
  assert_eq '' "$(read_pid "$STATE/missing.pid")" 'missing pid file'
}

test_stop_pid_ends_the_process() {
  start_sleeper
  stop_pid "$SLEEPER" sleeper
  assert_fails pid_alive "$SLEEPER"
}

test_port_open_tells_a_listener_from_a_closed_port() {
  start_listener
  assert_succeeds port_open "$LISTENER_PORT"
  kill "$LISTENER_PID"
  wait "$LISTENER_PID" 2>/dev/null || true
  assert_fails port_open "$LISTENER_PORT"
}

test_a_taken_port_names_its_setting_and_its_owner() {
  command -v ss >/dev/null 2>&1 || skip 'ss (iproute2) is not installed'
  start_listener held-by-a-stranger
  local err rc=0
  err="$(fail_port_taken "$LISTENER_PORT" gateway GATEWAY_PORT 2>&1)" || rc=$?
  assert_eq 1 "$rc" 'exit status'
  assert_contains "$err" "port $LISTENER_PORT (gateway) is already in use by users:((\"perl\""
  assert_contains "$err" 'choose another port (GATEWAY_PORT=...)'
}

# preflight_ports runs before anything starts: a stranger on a port of the stack fails it, naming the setting.
test_preflight_refuses_a_port_held_by_a_stranger() {
  use_main_instance
  S_AUTH_PORT="$(free_port)" S_REGISTRY_PORT="$(free_port)" S_APP_PORT="$(free_port)"
  start_listener
  S_GATEWAY_PORT="$LISTENER_PORT"
  local err rc=0
  err="$(preflight_ports 2>&1)" || rc=$?
  assert_eq 1 "$rc" 'exit status'
  assert_contains "$err" "port $S_GATEWAY_PORT (gateway)"
  assert_contains "$err" 'GATEWAY_PORT=...'
}

# ... while a service of this very stack (its pid file names a quarkus-run.jar process) is no stranger.
test_preflight_accepts_the_stacks_own_running_service() {
  use_main_instance
  S_GATEWAY_PORT="$(free_port)" S_REGISTRY_PORT="$(free_port)" S_APP_PORT="$(free_port)"
  start_listener -jar quarkus-run.jar
  S_AUTH_PORT="$LISTENER_PORT"
  mkdir -p "$RUN/run"
  echo "$LISTENER_PID" >"$RUN/run/auth-service.pid"
  assert_succeeds preflight_ports
  # the same port under a pid file that names another process is a stranger's again
  echo $$ >"$RUN/run/auth-service.pid"
  assert_fails preflight_ports
}

# Server reference counts: a user whose ./stack process is gone no longer keeps a server running; a named user
# (up, a kept bench stack) does until it releases; the last user out stops what the launcher started.
test_server_release_counts_live_and_named_users_only() {
  local stopped="$STATE/stopped"
  stop_redis() { echo "$1" >>"$stopped"; }
  local dir; dir="$(server_dir redis 4711)"
  mkdir -p "$dir/users"
  echo "$dir/redis.pid" >"$dir/started"
  true &
  local dead=$!
  wait "$dead"
  echo "$dead" >"$dir/users/e2e-18080"
  echo up >"$dir/users/main"
  INSTANCE=test server_use redis 4711 $$
  INSTANCE=test server_release redis 4711
  [[ ! -e "$dir/users/e2e-18080" ]] || fail 'the dead user was not forgotten'
  [[ -e "$dir/users/main" ]] || fail 'the named user was forgotten'
  [[ ! -e "$stopped" ]] || fail 'the server was stopped while main still uses it'
  INSTANCE=main server_release redis 4711
  assert_eq 4711 "$(cat "$stopped")" 'stopped server'
}

# A die inside a locked part runs the EXIT trap, which takes the same lock to release the servers: flock on a second
# descriptor of the same process waited out the whole timeout (bench/run hung 15 minutes after a refused password).
test_a_lock_this_process_holds_is_taken_again_at_once_and_freed_by_the_last_unlock() {
  lock probe 0 || fail 'the first take failed'
  lock probe 1 || fail 'the same process could not take its own lock again'
  unlock probe
  if flock -n "$STATE/locks/probe.lock" true; then fail 'the lock was free while the outer part still held it'; fi
  unlock probe
  flock -n "$STATE/locks/probe.lock" true || fail 'the last unlock left the lock held'
}

test_a_subshell_does_not_take_over_its_parents_lock() {
  lock probe 0 || fail 'the first take failed'
  if (lock probe 1); then fail 'a subshell took the lock its parent holds'; fi
  unlock probe
  (lock probe 1) || fail 'a subshell could not take the lock once the parent freed it'
}
