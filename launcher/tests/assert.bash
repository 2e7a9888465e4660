# Assertions for the launcher's tests: each prints what it expected and exits the test's subshell on failure.

fail() {
  printf 'assertion failed: %s\n' "$*" >&2
  exit 1
}

# A test that cannot run here (a tool is missing) ends with exit 77 and says why.
skip() {
  printf '%s\n' "$*"
  exit 77
}

assert_eq() {
  local expected="$1" actual="$2" what="${3:-value}"
  [[ "$expected" == "$actual" ]] || fail "$what: expected '$expected', got '$actual'"
}

assert_contains() {
  local haystack="$1" needle="$2" what="${3:-text}"
  [[ "$haystack" == *"$needle"* ]] || fail "$what does not contain '$needle': $haystack"
}

assert_not_contains() {
  local haystack="$1" needle="$2" what="${3:-text}"
  [[ "$haystack" != *"$needle"* ]] || fail "$what contains '$needle'"
}

# assert_succeeds COMMAND...: the command exits 0.
assert_succeeds() {
  "$@" || fail "expected success: $*"
}

# assert_fails COMMAND...: the command exits non-zero (a `die` inside it included: it runs in a subshell).
assert_fails() {
  if ( "$@" ) >/dev/null 2>&1; then fail "expected failure: $*"; fi
}

# Processes a test started in the background; the runner kills what is left of them when the test ends.
BACKGROUND=()

kill_background() {
  local pid
  for pid in "${BACKGROUND[@]+"${BACKGROUND[@]}"}"; do
    kill -KILL "$pid" 2>/dev/null || true
  done
}

# Starts a TCP listener on 127.0.0.1 (a free port chosen by the kernel) whose command line also holds the given
# words; sets LISTENER_PID and LISTENER_PORT. perl-base is on every Debian system, unlike nc or python.
start_listener() {
  local portfile; portfile="$(mktemp)"
  perl -MIO::Socket::INET -e '
    my $s = IO::Socket::INET->new(LocalAddr => "127.0.0.1", LocalPort => 0, Listen => 5, ReuseAddr => 1) or die "$!";
    open(my $f, ">", $ARGV[0]) or die "$!"; print $f $s->sockport, "\n"; close $f;
    while (my $c = $s->accept) { close $c }' "$portfile" "$@" &
  LISTENER_PID=$!
  BACKGROUND+=("$LISTENER_PID")
  local waited=0
  until [[ -s "$portfile" ]]; do
    (( waited++ < 100 )) || fail "the test listener did not start"
    sleep 0.05
  done
  LISTENER_PORT="$(cat "$portfile")"
  rm -f "$portfile"
}

# A port on 127.0.0.1 that nothing listens on: one the kernel just handed out and that was closed again.
free_port() {
  local port
  start_listener
  port="$LISTENER_PORT"
  kill "$LISTENER_PID"
  wait "$LISTENER_PID" 2>/dev/null || true
  echo "$port"
}
