# A TERM (CI's timeout, kill of the run's process group, Ctrl-C) must let ./stack test stop what it started: a second
# TERM that reaches a shell already in its teardown (stop_e2e_background sends one to each background run) used to
# end that teardown halfway, and the background topology's Redis Cluster, Redis and PostgreSQL were left running.

# Stand-ins for the parts that start and stop servers: the background run "runs its suite" as a child that ignores
# nothing (Maven's place), and its teardown takes a moment, as stopping real services does.
stub_e2e_run() {
  run_e2e_local() {
    E2E_ACTIVE=stub
    ( exec sleep 300 )
  }
  use_instance_by_name() { INSTANCE="$1"; }
  instance_down() {
    echo started >>"$STATE/teardown"
    sleep 1
    echo finished >>"$STATE/teardown"
  }
  release_servers() { echo released >>"$STATE/teardown"; }
  unlock() { :; }
  info() { :; }
}

# Waits until the background run's child runs sleep itself (before its exec, a signal reaches the shell's copy).
wait_for_suite() {
  local tries=0
  until pgrep -f '^sleep 300$' -P "$1" >/dev/null 2>&1; do
    (( ++tries < 500 )) || fail "the stand-in suite never started"
    sleep 0.01
  done
}

wait_for_line() {
  local tries=0
  until grep -qx "$1" "$STATE/teardown" 2>/dev/null; do
    (( ++tries < 500 )) || fail "the teardown never printed '$1': $(cat "$STATE/teardown" 2>/dev/null)"
    sleep 0.01
  done
}

test_a_second_term_does_not_cut_a_background_runs_teardown_short() {
  stub_e2e_run
  E2E_TOPOLOGIES="standalone cluster" E2E_PARALLEL=on start_e2e_background
  local pid="${E2E_BACKGROUND[0]##*:}"
  BACKGROUND+=("$pid")
  wait_for_suite "$pid"
  # what a TERM to the run's process group does: the shell around the suite and the suite get one each; the shell's
  # trap waits for its foreground child (sent in this order so that the shell's TERM is pending when the child ends,
  # as with a group's TERM, rather than arriving just after, in the instant before the exit trap can set its own)
  kill -TERM "$pid"
  pkill -TERM -f '^sleep 300$' -P "$pid"
  wait_for_line started
  # ./stack test's own exit then stops its background runs: one more TERM, in the middle of the teardown
  stop_e2e_background
  wait_for_line finished
  assert_contains "$(cat "$STATE/teardown")" released 'servers released'
}

test_a_second_term_does_not_cut_the_main_teardown_short() {
  stub_e2e_run
  local out="$STATE/main.out"
  (
    E2E_ACTIVE=stub
    trap on_exit EXIT
    trap 'exit 143' TERM
    ( exec sleep 300 )
  ) >"$out" 2>&1 &
  local pid=$!
  BACKGROUND+=("$pid")
  wait_for_suite "$pid"
  kill -TERM "$pid"
  pkill -TERM -f '^sleep 300$' -P "$pid"
  wait_for_line started
  kill -TERM "$pid"
  wait "$pid" || true
  wait_for_line finished
  assert_contains "$(cat "$STATE/teardown")" released 'servers released'
}
