# Ports and processes: what listens where, and whether a pid file still names the process it was written for.

# True when something accepts TCP connections on 127.0.0.1:<port>.
port_open() {
  timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1" 2>/dev/null
}

# Describes who listens on a port, for error messages.
port_owner() {
  local out=''
  if command -v ss >/dev/null 2>&1; then
    out="$(ss -H -ltnp "sport = :$1" 2>/dev/null | grep -o 'users:(([^)]*))' | head -n 1 || true)"
  fi
  printf '%s' "${out:-an unknown process}"
}

fail_port_taken() {
  die "port $1 (${2}) is already in use by $(port_owner "$1"); stop that process or choose another port ($3=...)"
}

pid_alive() {
  [[ -n "${1:-}" ]] && kill -0 "$1" 2>/dev/null
}

read_pid() {
  [[ -s "$1" ]] && tr -dc '0-9' <"$1" || true
}

# True when the pid is alive and its command line contains the given text (guards against recycled pids).
pid_matches() {
  local pid="$1" text="$2"
  pid_alive "$pid" && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$text"
}

# Stops a process politely, then firmly; STOPPED_CLEANLY says which it took (1: it exited on the signal).
stop_pid() {
  local pid="$1" name="$2" signal="${3:-TERM}" waited=0
  STOPPED_CLEANLY=1
  pid_alive "$pid" || return 0
  kill "-$signal" "$pid" 2>/dev/null || true
  while pid_alive "$pid" && (( waited < 300 )); do
    sleep 0.1
    waited=$(( waited + 1 ))
  done
  if pid_alive "$pid"; then
    warn "$name (pid $pid) did not stop within 30 s; killing it"
    STOPPED_CLEANLY=0
    kill -KILL "$pid" 2>/dev/null || true
  fi
}

