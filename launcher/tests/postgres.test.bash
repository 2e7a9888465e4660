# PostgreSQL roles: which password ./stack logs in with, and whose role it may give its own password. Each test runs
# a throwaway server (initdb in /tmp, its own port and socket folder) and removes it at the end.

start_throwaway_postgres() {
  PG_BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
  [[ -n "$PG_BIN" && -x "$PG_BIN/initdb" ]] || skip 'the PostgreSQL server packages are not installed'
  id postgres >/dev/null 2>&1 || skip 'there is no postgres system user'
  as_postgres true 2>/dev/null || skip 'cannot run commands as postgres (neither root nor sudo)'
  PG_TMP="$(mktemp -d /tmp/stack-pgtest.XXXXXX)"
  trap 'as_postgres "$PG_BIN/pg_ctl" -D "$PG_TMP/data" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$PG_TMP"; kill_background' EXIT
  chmod 755 "$PG_TMP"
  as_root chown postgres "$PG_TMP"
  as_postgres "$PG_BIN/initdb" -D "$PG_TMP/data" --auth-local=trust --auth-host=scram-sha-256 >"$PG_TMP/initdb.log" 2>&1 \
    || { cat "$PG_TMP/initdb.log"; fail 'initdb failed'; }
  PG_PORT="$(free_port)"
  PG_SOCKET_DIR="$PG_TMP"
  as_postgres "$PG_BIN/pg_ctl" -D "$PG_TMP/data" -l "$PG_TMP/server.log" -w \
    -o "-p $PG_PORT -k $PG_TMP -c listen_addresses=127.0.0.1" start >/dev/null \
    || { cat "$PG_TMP/server.log"; fail 'the throwaway PostgreSQL did not start'; }
  PG_USER=stack_test_role PG_PASSWORD_GIVEN='' PG_PASSWORD=''
  PG_DIR="$STATE/pg"
  mkdir -p "$PG_DIR"
}

logs_in_with() {
  local PG_PASSWORD="$1"
  pg_probe
}

test_a_role_another_checkout_created_is_given_this_checkouts_password() {
  start_throwaway_postgres
  STACK_PG_PASSWORD=first-checkout
  assert_contains "$(pg_login_existing_role "$PG_DIR" 2>&1)" "created role $PG_USER" 'a missing role'
  assert_succeeds logs_in_with first-checkout
  assert_succeeds pg_role_is_ours

  STACK_PG_PASSWORD=second-checkout
  assert_contains "$(pg_login_existing_role "$PG_DIR" 2>&1)" "created by another checkout's ./stack" 'the role of another checkout'
  assert_succeeds logs_in_with second-checkout
  assert_fails logs_in_with first-checkout

  # the caller's own password is the only one tried, and never written
  PG_PASSWORD_GIVEN=x PG_PASSWORD=callers-guess
  assert_fails pg_login_existing_role "$PG_DIR"
  assert_succeeds logs_in_with second-checkout
}

test_a_role_someone_else_created_keeps_its_password() {
  start_throwaway_postgres
  pg_superuser_psql -c "CREATE ROLE $PG_USER LOGIN PASSWORD 'theirs'" >/dev/null
  assert_fails pg_role_is_ours
  STACK_PG_PASSWORD=this-checkout
  assert_fails pg_login_existing_role "$PG_DIR"
  assert_succeeds logs_in_with theirs
  assert_fails logs_in_with this-checkout
}
