# MailDev: its ports per stack, whether the services are pointed at it, and starting, adopting and stopping it.

# A stand-in for MailDev at .stack/maildev/node_modules/.bin/maildev: perl answering GET /email with [] on --web and
# accepting connections on --smtp, with "maildev" in its command line as the real one has.
install_fake_maildev() {
  mkdir -p "$(dirname "$MAILDEV_BIN")"
  cat >"$MAILDEV_BIN" <<'FAKE'
#!/usr/bin/env bash
smtp='' web=''
while (( $# )); do
  case "$1" in --smtp) smtp="$2"; shift ;; --web) web="$2"; shift ;; esac
  shift
done
exec perl -MIO::Socket::INET -MIO::Select -e '
  my @l = map { IO::Socket::INET->new(LocalAddr => "127.0.0.1", LocalPort => $_, Listen => 5, ReuseAddr => 1) or die "$!" } @ARGV[0, 1];
  my $sel = IO::Select->new(@l);
  while (my @ready = $sel->can_read) {
    for my $s (@ready) {
      my $c = $s->accept or next;
      if ($s == $l[1]) { my $req = <$c>; print $c "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n[]"; }
      close $c;
    }
  }' "$smtp" "$web" fake-maildev
FAKE
  chmod +x "$MAILDEV_BIN"
}

test_maildev_ports_follow_the_stack() {
  use_main_instance
  assert_eq "1025 1080" "$S_MAILDEV_SMTP_PORT $S_MAILDEV_WEB_PORT" 'main stack'
  MAILDEV_SMTP_PORT=2525 MAILDEV_WEB_PORT=2580 use_main_instance
  assert_eq "2525 2580" "$S_MAILDEV_SMTP_PORT $S_MAILDEV_WEB_PORT" 'main stack, configured'
  E2E_PORT_BASE=28080 use_e2e_instance
  assert_eq "28105 28106" "$S_MAILDEV_SMTP_PORT $S_MAILDEV_WEB_PORT" 'e2e stack'
  assert_eq "http://127.0.0.1:28080" "$S_PUBLIC_URL" 'e2e links point where its browser goes'
}

# export_service_env lives in ./stack (ComposeFileTest reads it there); it is taken from there as it is.
service_env_of() {
  eval "$(sed -n '/^export_service_env() {/,/^}/p' "$ROOT/stack")"
  use_main_instance
  S_PG_PORT=5432 S_PG_USER=sessions S_PG_PASSWORD=x S_REDIS_PORT=6379 S_REDIS_PASSWORD=''
  ( export_service_env auth-service; env | grep -E '^(QUARKUS_MAILER_|AUTH_PUBLIC_URL)' | sort )
}

test_services_send_to_maildev_unless_the_caller_named_an_smtp_server() {
  unset QUARKUS_MAILER_HOST QUARKUS_MAILER_PORT
  local env; env="$(service_env_of)"
  assert_contains "$env" 'QUARKUS_MAILER_HOST=127.0.0.1' 'own MailDev'
  assert_contains "$env" 'QUARKUS_MAILER_PORT=1025' 'own MailDev'
  assert_contains "$env" 'AUTH_PUBLIC_URL=http://localhost:8080' 'public URL'
  env="$(QUARKUS_MAILER_HOST=smtp.example.com QUARKUS_MAILER_PORT=587 service_env_of)"
  assert_contains "$env" 'QUARKUS_MAILER_HOST=smtp.example.com' "the caller's server"
  assert_contains "$env" 'QUARKUS_MAILER_PORT=587' "the caller's port"
  env="$(QUARKUS_MAILER_HOST=smtp.example.com service_env_of)"
  assert_not_contains "$env" 'QUARKUS_MAILER_PORT=1025' "the caller's server with its default port"
}

test_maildev_is_started_adopted_and_stopped() {
  command -v perl >/dev/null 2>&1 || skip 'perl is not installed'
  install_fake_maildev
  unset QUARKUS_MAILER_HOST
  use_main_instance
  RUN="$STATE/main"
  S_MAILDEV_SMTP_PORT="$(free_port)" S_MAILDEV_WEB_PORT="$(free_port)"
  start_maildev >/dev/null
  local pid; pid="$(read_pid "$RUN/run/maildev.pid")"
  BACKGROUND+=("$pid")
  assert_succeeds pid_matches "$pid" maildev
  assert_succeeds maildev_answers "$S_MAILDEV_WEB_PORT"
  # a second start finds it running
  assert_contains "$(start_maildev)" 'already running'
  # another stack's MailDev on these ports is used as it is
  rm -f "$RUN/run/maildev.pid"
  assert_contains "$(start_maildev)" 'already listens'
  echo "$pid" >"$RUN/run/maildev.pid"
  stop_maildev >/dev/null
  assert_fails pid_alive "$pid"
}

test_maildev_refuses_a_port_held_by_something_else() {
  install_fake_maildev
  unset QUARKUS_MAILER_HOST
  use_main_instance
  RUN="$STATE/main"
  start_listener not-a-mail-catcher
  S_MAILDEV_SMTP_PORT="$LISTENER_PORT" S_MAILDEV_WEB_PORT="$(free_port)"
  assert_fails start_maildev
}

test_no_maildev_with_the_callers_smtp_server() {
  install_fake_maildev
  use_main_instance
  RUN="$STATE/main"
  S_MAILDEV_SMTP_PORT="$(free_port)" S_MAILDEV_WEB_PORT="$(free_port)"
  QUARKUS_MAILER_HOST=smtp.example.com start_maildev >/dev/null
  assert_eq '' "$(read_pid "$RUN/run/maildev.pid")" 'pid file'
  assert_fails port_open "$S_MAILDEV_WEB_PORT"
}
