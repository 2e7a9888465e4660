# MailDev 2 (npm maildev@2): the development mail catcher. Installed once into .stack/maildev/, started per stack
# instance (main: SMTP 1025, web and REST API 1080; e2e: port base + 25 and + 26) unless the caller configured an SMTP
# server of their own (QUARKUS_MAILER_HOST set); export_service_env in ./stack points auth-service at it.

MAILDEV_DIR="$STATE/maildev"
MAILDEV_BIN="$MAILDEV_DIR/node_modules/.bin/maildev"
MAILDEV_PACKAGE='maildev@2'

# True when this stack runs its own MailDev: the caller named no SMTP server.
maildev_wanted() {
  [[ -z "${QUARKUS_MAILER_HOST+x}" ]]
}

maildev_url() {
  echo "http://127.0.0.1:$S_MAILDEV_WEB_PORT"
}

# Installs MailDev into .stack/maildev/ once (npm install, like the GeoIP data); false when npm is missing or fails.
ensure_maildev_installed() {
  [[ -x "$MAILDEV_BIN" ]] && return 0
  lock maildev || die "timed out waiting for another ./stack to install MailDev"
  if [[ ! -x "$MAILDEV_BIN" ]]; then
    if ! command -v npm >/dev/null 2>&1; then
      unlock maildev
      warn "npm is not installed: no local mail catcher (install npm, or set QUARKUS_MAILER_HOST to an SMTP server)"
      return 1
    fi
    info "installing MailDev once (npm install $MAILDEV_PACKAGE) into .stack/maildev/"
    mkdir -p "$MAILDEV_DIR"
    if ! (cd "$MAILDEV_DIR" && timeout 600 npm install --no-audit --no-fund --no-save "$MAILDEV_PACKAGE" >npm.log 2>&1) \
        || [[ ! -x "$MAILDEV_BIN" ]]; then
      show_tail "$MAILDEV_DIR/npm.log" 10
      unlock maildev
      warn "could not install MailDev: mail stays in auth-service's outbox until an SMTP server answers"
      return 1
    fi
  fi
  unlock maildev
}

# True when a MailDev answers its REST API on this web port.
maildev_answers() {
  curl -fsS -m 3 -o /dev/null "http://127.0.0.1:$1/email" 2>/dev/null
}

start_maildev() {
  maildev_wanted || { note "mail goes to the SMTP server $QUARKUS_MAILER_HOST (QUARKUS_MAILER_HOST); no MailDev started"; return 0; }
  local pidfile="$RUN/run/maildev.pid" pid waited=0
  pid="$(read_pid "$pidfile")"
  if pid_matches "$pid" maildev; then
    note "MailDev is already running (pid $pid)"
    return 0
  fi
  rm -f "$pidfile"
  if port_open "$S_MAILDEV_WEB_PORT" || port_open "$S_MAILDEV_SMTP_PORT"; then
    if maildev_answers "$S_MAILDEV_WEB_PORT" && port_open "$S_MAILDEV_SMTP_PORT"; then
      note "a MailDev already listens on $S_MAILDEV_SMTP_PORT/$S_MAILDEV_WEB_PORT: using it as it is"
      return 0
    fi
    fail_port_taken "$S_MAILDEV_WEB_PORT/$S_MAILDEV_SMTP_PORT" MailDev "$( [[ $INSTANCE == main ]] && echo 'MAILDEV_SMTP_PORT/MAILDEV_WEB_PORT' || echo E2E_PORT_BASE)"
  fi
  ensure_maildev_installed || return 0
  info "starting MailDev: SMTP 127.0.0.1:$S_MAILDEV_SMTP_PORT, web $(maildev_url)"
  mkdir -p "$RUN/run" "$RUN/logs" "$RUN/mail"
  (
    close_lock_fds
    exec setsid "$MAILDEV_BIN" --smtp "$S_MAILDEV_SMTP_PORT" --web "$S_MAILDEV_WEB_PORT" --ip 127.0.0.1 \
      --web-ip 127.0.0.1 --mail-directory "$RUN/mail"
  ) >>"$RUN/logs/maildev.log" 2>&1 </dev/null &
  echo $! >"$pidfile"
  until maildev_answers "$S_MAILDEV_WEB_PORT"; do
    if ! pid_alive "$(read_pid "$pidfile")" || (( waited >= 300 )); then
      show_tail "$RUN/logs/maildev.log" 20
      die "MailDev did not start (log: ${RUN#"$ROOT"/}/logs/maildev.log)"
    fi
    sleep 0.1
    waited=$(( waited + 1 ))
  done
}

stop_maildev() {
  local pidfile="$RUN/run/maildev.pid" pid
  pid="$(read_pid "$pidfile")"
  if pid_matches "$pid" maildev; then
    note "stopping MailDev (pid $pid)"
    stop_pid "$pid" MailDev
  fi
  rm -f "$pidfile"
}
