# PostgreSQL: logging in to the server on PG_PORT as PG_USER, starting or creating a Debian cluster for that port,
# and the project's databases.

PG_PORT="${PG_PORT:-5432}"
PG_USER="${PG_USER:-sessions}"
# The caller's credentials, for servers already listening that ./stack did not start; a server that ./stack starts
# (or a role it creates) gets the generated STACK_PG_PASSWORD instead (ensure_server_secrets).
PG_PASSWORD_GIVEN="${PG_PASSWORD+x}"
PG_PASSWORD="${PG_PASSWORD:-}"

pg_psql() {
  PGPASSWORD="$PG_PASSWORD" PGCONNECT_TIMEOUT=5 psql -h 127.0.0.1 -p "$PG_PORT" -U "$PG_USER" -v ON_ERROR_STOP=1 -qAtX "$@"
}

# The local socket's folder: Debian's, or a throwaway server's (launcher tests).
PG_SOCKET_DIR="${PG_SOCKET_DIR:-/var/run/postgresql}"
# What ./stack writes on a role it creates, so that a later ./stack (another checkout, another generated password)
# knows the role is its own to give a password to, and never touches a role someone else made.
PG_ROLE_MARK='created by ./stack for the session backend'

pg_superuser_psql() {
  as_postgres psql -h "$PG_SOCKET_DIR" -p "$PG_PORT" -d postgres -v ON_ERROR_STOP=1 -qAtX "$@"
}

# Exit 0: the role logs in; 1: PostgreSQL answers but refuses the role; 2: not PostgreSQL at all.
pg_probe() {
  local err
  if err="$(pg_psql -d postgres -c 'select 1' 2>&1 >/dev/null)"; then
    return 0
  fi
  if grep -qE 'FATAL|password authentication|does not exist|no pg_hba' <<<"$err"; then
    return 1
  fi
  return 2
}

# Creates the login role through the local superuser, marked as ./stack's; works for local clusters on this machine.
pg_create_role() {
  pg_superuser_psql -v role="$PG_USER" -v pw="$PG_PASSWORD" -v mark="$PG_ROLE_MARK" <<'SQL'
SELECT format('CREATE ROLE %I LOGIN CREATEDB PASSWORD %L', :'role', :'pw'), format('COMMENT ON ROLE %I IS %L', :'role', :'mark')
WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'role')
\gexec
SQL
}

# Exit 0 when the role exists and carries PG_ROLE_MARK (and the local superuser can tell).
pg_role_is_ours() {
  [[ "$(pg_superuser_psql -v role="$PG_USER" -v mark="$PG_ROLE_MARK" <<'SQL' 2>/dev/null
SELECT 1 FROM pg_roles WHERE rolname = :'role' AND shobj_description(oid, 'pg_authid') = :'mark'
SQL
)" == 1 ]]
}

# Gives the role the generated password: only in a cluster that ./stack itself started.
pg_set_role_password() {
  pg_superuser_psql -v role="$PG_USER" -v pw="$PG_PASSWORD" <<'SQL'
SELECT format('ALTER ROLE %I PASSWORD %L', :'role', :'pw')
\gexec
SQL
}

newest_pg_version() {
  ls /usr/lib/postgresql 2>/dev/null | sort -V | tail -n 1
}

ensure_postgres() {
  local dir; dir="$(server_dir postgres "$PG_PORT")"
  mkdir -p "$dir"
  if port_open "$PG_PORT"; then
    local probe=0
    pg_login_existing_role "$dir" || probe=$?
    if (( probe == 2 )); then
      die "port $PG_PORT (PG_PORT) is held by $(port_owner "$PG_PORT"), which does not speak PostgreSQL; stop it or set PG_PORT"
    fi
    [[ -s "$dir/started" ]] || note "PostgreSQL: using the server already listening on 127.0.0.1:$PG_PORT"
    return 0
  fi

  ensure_tools postgres-server postgres-client
  local ver name created=0
  read -r ver name < <(pg_lsclusters -h 2>/dev/null | awk -v p="$PG_PORT" '$3 == p { print $1, $2; exit }') || true
  if [[ -z "${ver:-}" ]]; then
    created=1
    ver="$(newest_pg_version)"
    [[ -n "$ver" ]] || die "PostgreSQL is installed but /usr/lib/postgresql has no version"
    if [[ ! -d "/etc/postgresql/$ver/main" ]]; then name=main; else name="stack_$PG_PORT"; fi
    info "creating PostgreSQL cluster $ver/$name on port $PG_PORT (pg_createcluster)"
    as_root pg_createcluster "$ver" "$name" -p "$PG_PORT" >>"$STATE/logs/postgres.log" 2>&1 \
      || { show_tail "$STATE/logs/postgres.log"; die "pg_createcluster $ver $name failed"; }
  fi
  info "starting PostgreSQL cluster $ver/$name on port $PG_PORT"
  local rc=0
  (close_lock_fds; as_root pg_ctlcluster "$ver" "$name" start) >>"$STATE/logs/postgres.log" 2>&1 || rc=$?
  if (( rc != 0 && rc != 2 )); then
    show_tail "$STATE/logs/postgres.log"
    show_tail "/var/log/postgresql/postgresql-$ver-$name.log"
    die "PostgreSQL cluster $ver/$name did not start"
  fi
  echo "$ver $name" >"$dir/started"
  local waited=0
  until pg_superuser_psql -c 'select 1' >/dev/null 2>&1; do
    (( waited++ < 60 )) || die "PostgreSQL cluster $ver/$name did not accept connections within 30 s"
    sleep 0.5
  done
  if (( created )); then
    # A cluster that ./stack created: the role logs in with the generated password, never a default one.
    PG_PASSWORD="$STACK_PG_PASSWORD"
    pg_create_role >/dev/null || die "could not create role $PG_USER in cluster $ver/$name"
    pg_set_role_password >/dev/null || die "could not set the password of role $PG_USER in cluster $ver/$name"
    pg_probe || die "role $PG_USER cannot log in to cluster $ver/$name over TCP (check pg_hba.conf)"
  else
    # An existing cluster that ./stack merely started may be someone else's: its roles keep their passwords.
    pg_login_existing_role "$dir" || die "role $PG_USER cannot log in to cluster $ver/$name over TCP"
  fi
}

# Logs in to a PostgreSQL whose role ./stack may not own. Tries the caller's PG_PASSWORD when given, else the
# generated password (a role ./stack created earlier) and the conventional development password; creates the role
# with the generated password when it is missing. An existing role keeps its password unless ./stack created it
# (PG_ROLE_MARK) and the caller gave none: then it was another checkout's ./stack with another generated password,
# and this one takes it over (that checkout, started again, takes it back the same way).
# Exit 0: PG_PASSWORD now logs in; 1: refused; 2: not PostgreSQL.
pg_login_existing_role() {
  local dir="$1" probe=0 candidate candidates
  if [[ -n "$PG_PASSWORD_GIVEN" ]]; then candidates=("$PG_PASSWORD"); else candidates=("$STACK_PG_PASSWORD" sessions); fi
  for candidate in "${candidates[@]}"; do
    PG_PASSWORD="$candidate"
    probe=0
    pg_probe || probe=$?
    (( probe == 1 )) || return "$probe"
  done
  PG_PASSWORD="${candidates[0]}"
  if [[ -z "$PG_PASSWORD_GIVEN" ]] && pg_role_is_ours; then
    pg_set_role_password >/dev/null 2>&1 || true
    pg_probe || die "role $PG_USER (created by ./stack) still refuses this checkout's password on port $PG_PORT"
    note "role $PG_USER was created by another checkout's ./stack: it now logs in with this checkout's generated password"
    return 0
  fi
  pg_create_role >/dev/null 2>&1 || true
  pg_probe || die "PostgreSQL on port $PG_PORT refuses role '$PG_USER' (set PG_PASSWORD, or create the role: CREATE ROLE $PG_USER LOGIN CREATEDB PASSWORD '...')"
  note "created role $PG_USER in the PostgreSQL on port $PG_PORT"
}

stop_postgres() {
  local dir="$1" ver name
  read -r ver name <"$dir/started"
  info "stopping PostgreSQL cluster $ver/$name (started by ./stack)"
  as_root pg_ctlcluster "$ver" "$name" stop >>"$STATE/logs/postgres.log" 2>&1 || warn "pg_ctlcluster $ver $name stop failed"
  rm -f "$dir/started"
}

db_exists() {
  [[ "$(pg_psql -d postgres -v db="$1" <<<"SELECT 1 FROM pg_database WHERE datname = :'db'")" == 1 ]]
}

ensure_database() {
  local db="$1"
  db_exists "$db" && return 0
  local sql="SELECT format('CREATE DATABASE %I OWNER %I', :'db', :'role') \\gexec"
  if ! pg_psql -d postgres -v db="$db" -v role="$PG_USER" <<<"$sql" >/dev/null 2>&1; then
    pg_superuser_psql -v db="$db" -v role="$PG_USER" <<<"$sql" >/dev/null 2>&1 \
      || die "could not create database $db (give role $PG_USER CREATEDB, or create it yourself)"
  fi
  note "created database $db"
}

drop_database() {
  local db="$1"
  db_exists "$db" || return 0
  local sql="SELECT format('DROP DATABASE IF EXISTS %I WITH (FORCE)', :'db') \\gexec"
  if ! pg_psql -d postgres -v db="$db" <<<"$sql" >/dev/null 2>&1; then
    pg_superuser_psql -v db="$db" <<<"$sql" >/dev/null || die "could not drop database $db"
  fi
}
