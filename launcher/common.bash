# Output, root and lock helpers every other part of the launcher uses.
# Sourced by ./stack and bench/run after they set ROOT (the checkout) and STATE (its .stack/ folder).

if [[ -t 1 ]]; then
  C_BOLD=$'\e[1m' C_RED=$'\e[31m' C_YELLOW=$'\e[33m' C_GREEN=$'\e[32m' C_OFF=$'\e[0m'
else
  C_BOLD='' C_RED='' C_YELLOW='' C_GREEN='' C_OFF=''
fi

info() { printf '%s==>%s %s\n' "$C_BOLD" "$C_OFF" "$*"; }
note() { printf '    %s\n' "$*"; }
warn() { printf '%swarning:%s %s\n' "$C_YELLOW" "$C_OFF" "$*" >&2; }
die() { printf '%serror:%s %s\n' "$C_RED" "$C_OFF" "$*" >&2; exit 1; }

# Prints the last lines of a log file, indented, to stderr.
show_tail() {
  local file="$1" lines="${2:-40}"
  if [[ -s "$file" ]]; then
    printf -- '--- last %s lines of %s ---\n' "$lines" "${file#"$ROOT"/}" >&2
    tail -n "$lines" "$file" | sed 's/^/    /' >&2
    printf -- '---\n' >&2
  fi
}

seconds_since() { echo $(( $(date +%s) - $1 )); }

is_root() { [[ $EUID -eq 0 ]]; }

# Runs a command as root (directly, or through sudo when available).
as_root() {
  if is_root; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo -n "$@"
  else
    die "this step needs root: $*"
  fi
}

# Runs a command as the postgres system user (for cluster administration over the local socket).
as_postgres() {
  if is_root; then
    runuser -u postgres -- "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo -n -u postgres "$@"
  else
    return 1
  fi
}

# shielded CMD...: runs a teardown to its end. A TERM or INT meanwhile (a second Ctrl-C, ./stack test stopping a
# background run after a TERM to the whole process group) would otherwise end it halfway and leave servers running;
# it is held back and acted on afterwards (exit 143 or 130, as the launcher's traps do), or not at all once the shell
# is exiting anyway (STACK_EXITING, set by the exit traps, which go on with the next teardown). A failing step does not
# stop the steps after it either (errexit off meanwhile). The traps are set rather than saved and restored: a signal
# inside the command substitution that reads a trap garbled the saved text (seen in the launcher test).
shielded() {
  local errexit='' rc=0
  SHIELD_PENDING=''
  [[ $- == *e* ]] && errexit=1
  trap 'SHIELD_PENDING=143' TERM
  trap 'SHIELD_PENDING=130' INT
  set +e
  "$@"
  rc=$?
  [[ -z "$errexit" ]] || set -e
  if [[ -n "${STACK_EXITING:-}" ]]; then
    trap ':' TERM INT
    return "$rc"
  fi
  trap 'exit 143' TERM
  trap 'exit 130' INT
  [[ -z "$SHIELD_PENDING" ]] || exit "$SHIELD_PENDING"
  return "$rc"
}

# File locks, so that several ./stack processes (parallel e2e stacks) do not trip over each other.
# lock NAME [SECONDS]: waits up to SECONDS (default 900; 0 = fail at once when held). A lock this process holds is
# taken again at once and freed by the matching last unlock: an EXIT trap after a die inside a locked part takes the
# same lock, and flock on a second descriptor would wait for the first one (its own process) until the timeout.
lock() {
  local name="${1//[^A-Za-z0-9_]/_}" wait="${2:-900}" fd depth owner
  depth="LOCK_DEPTH_$name" owner="LOCK_PID_$name"
  # (a subshell inherits these variables, not the lock: it takes its own)
  if [[ -n "${!depth:-}" && "${!owner:-}" == "$BASHPID" ]]; then
    printf -v "$depth" '%s' $(( ${!depth} + 1 ))
    return 0
  fi
  mkdir -p "$STATE/locks"
  exec {fd}>"$STATE/locks/$1.lock"
  if ! flock -w "$wait" "$fd"; then
    exec {fd}>&-
    return 1
  fi
  printf -v "LOCK_FD_$name" '%s' "$fd"
  printf -v "$depth" '%s' 1
  printf -v "$owner" '%s' "$BASHPID"
}

unlock() {
  local name="${1//[^A-Za-z0-9_]/_}"
  local fdvar="LOCK_FD_$name" depth="LOCK_DEPTH_$name" owner="LOCK_PID_$name"
  local fd="${!fdvar:-}"
  [[ -n "$fd" ]] || return 0
  if [[ "${!owner:-}" == "$BASHPID" ]] && (( ${!depth:-1} > 1 )); then
    printf -v "$depth" '%s' $(( ${!depth} - 1 ))
    return 0
  fi
  flock -u "$fd" || true
  exec {fd}>&-
  unset "$fdvar" "$depth" "$owner"
}

# Daemons must not inherit the lock descriptors, or a lock would live as long as the daemon.
close_lock_fds() {
  local v
  for v in ${!LOCK_FD_@}; do
    eval "exec ${!v}>&-"
  done
}

