# The gateway: our own nginx master with the rendered gateway-config (never the system nginx)

CONSOLE_DIR="$ROOT/gateway-config/console"

# render_gateway_config RUNTIME WORKERS GATEWAY_PORT AUTH_UPSTREAM REGISTRY_UPSTREAM APP_PORT: renders the product's
# two templates into RUNTIME/conf/nginx.conf.new and gateway.conf.new (install_gateway_config puts them in place);
# RUNTIME is the nginx prefix folder that holds the pid file, logs and temporary files.
render_gateway_config() {
  local nx="$1" workers="$2" port="$3" auth_upstream="$4" registry_upstream="$5" app_port="$6"
  mkdir -p "$nx/conf" "$nx/logs" "$nx/tmp"/{body,proxy,fastcgi,uwsgi,scgi}
  if [[ ! -e "$CONSOLE_DIR/index.html" ]] && [[ -z "$(ls -A "$CONSOLE_DIR" 2>/dev/null)" ]]; then
    mkdir -p "$CONSOLE_DIR"
    printf '<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>Account console</title></head>\n<body><main><h1>Account console</h1><p>The console is not built yet.</p></main></body></html>\n' >"$CONSOLE_DIR/index.html"
  fi
  local user_directive=''
  if is_root; then
    # Workers drop to nobody when they can read the console; a checkout under a private home needs root workers.
    if runuser -u nobody -- test -r "$CONSOLE_DIR/index.html" 2>/dev/null || runuser -u nobody -- test -x "$CONSOLE_DIR" 2>/dev/null; then
      user_directive="user nobody $(id -gn nobody 2>/dev/null || echo nogroup);"
      chown -R nobody "$nx/tmp"
    else
      user_directive='user root;'
    fi
  fi
  # Only the named variables are replaced: nginx's own $variables in the templates stay as they are.
  GATEWAY_RUNTIME="$nx" GATEWAY_WORKERS="$workers" GATEWAY_USER_DIRECTIVE="$user_directive" \
    envsubst '${GATEWAY_RUNTIME} ${GATEWAY_WORKERS} ${GATEWAY_USER_DIRECTIVE}' \
    <"$ROOT/gateway-config/nginx.conf.template" >"$nx/conf/nginx.conf.new"
  GATEWAY_PORT="$port" GATEWAY_AUTH_UPSTREAM="$auth_upstream" \
    GATEWAY_REGISTRY_UPSTREAM="$registry_upstream" GATEWAY_APP_PORT="$app_port" \
    GATEWAY_CONSOLE_ROOT="$CONSOLE_DIR" \
    envsubst '${GATEWAY_PORT} ${GATEWAY_AUTH_UPSTREAM} ${GATEWAY_REGISTRY_UPSTREAM} ${GATEWAY_APP_PORT} ${GATEWAY_CONSOLE_ROOT}' \
    <"$ROOT/gateway-config/templates/gateway.conf.template" >"$nx/conf/gateway.conf.new"
}

# True when the rendered configuration in RUNTIME/conf/*.new differs from the one in place.
gateway_config_changed() {
  local nx="$1" f
  for f in nginx.conf gateway.conf; do
    cmp -s "$nx/conf/$f.new" "$nx/conf/$f" 2>/dev/null || return 0
  done
  return 1
}

# Puts the rendered configuration in place and has nginx check it.
install_gateway_config() {
  local nx="$1"
  mv "$nx/conf/nginx.conf.new" "$nx/conf/nginx.conf"
  mv "$nx/conf/gateway.conf.new" "$nx/conf/gateway.conf"
  if ! nginx_in "$nx" -t -q >"$nx/logs/config-test.log" 2>&1; then
    cat "$nx/logs/config-test.log" >&2
    die "the rendered gateway configuration is invalid (${nx#"$ROOT"/}/conf/)"
  fi
}

# nginx_in RUNTIME [nginx args]: our own nginx master for that prefix folder.
nginx_in() {
  local nx="$1"
  shift
  nginx -p "$nx" -c "$nx/conf/nginx.conf" -e "$nx/logs/error.log" "$@"
}

nginx_cmd() {
  nginx_in "$RUN/nginx" "$@"
}

# The current instance's gateway: started, reloaded when its configuration changed, or left alone.
start_gateway() {
  local nx="$RUN/nginx" pid
  # shellcheck disable=SC2046 # one port per word
  render_gateway_config "$nx" "$S_WORKERS" "$S_GATEWAY_PORT" "$(gateway_servers $(service_ports auth-service))" \
    "$(gateway_servers $(service_ports session-registry))" "$S_APP_PORT"
  pid="$(read_pid "$nx/nginx.pid")"
  if pid_matches "$pid" nginx && ! gateway_config_changed "$nx"; then
    rm -f "$nx/conf/"*.new
    note "gateway is already running (pid $pid), unchanged"
    return 0
  fi
  install_gateway_config "$nx"
  if pid_matches "$pid" nginx; then
    info "reloading the gateway (configuration changed)"
    nginx_cmd -s reload
    # The master swaps its workers asynchronously; give it a moment so the next request sees the new routes.
    sleep 1
    return 0
  fi
  port_open "$S_GATEWAY_PORT" && fail_port_taken "$S_GATEWAY_PORT" gateway "$( [[ $INSTANCE == main ]] && echo GATEWAY_PORT || echo E2E_PORT_BASE )"
  port_open "$S_APP_PORT" && fail_port_taken "$S_APP_PORT" "sample app" "$( [[ $INSTANCE == main ]] && echo APP_PORT || echo E2E_PORT_BASE )"
  info "starting the gateway on port $S_GATEWAY_PORT (sample app on 127.0.0.1:$S_APP_PORT)"
  if ! (close_lock_fds; nginx_cmd) >>"$nx/logs/start.log" 2>&1; then
    show_tail "$nx/logs/start.log"
    show_tail "$nx/logs/error.log"
    die "the gateway (nginx) did not start"
  fi
  local waited=0
  until curl -sS -m 2 -o /dev/null "http://127.0.0.1:$S_GATEWAY_PORT/" 2>/dev/null; do
    if (( waited++ >= 50 )); then
      show_tail "$nx/logs/error.log"
      die "the gateway does not answer on port $S_GATEWAY_PORT"
    fi
    sleep 0.2
  done
}

stop_gateway() {
  local nx="$RUN/nginx" pid
  pid="$(read_pid "$nx/nginx.pid")"
  if pid_matches "$pid" nginx; then
    note "stopping the gateway (pid $pid)"
    stop_pid "$pid" gateway QUIT
  fi
  rm -f "$nx/nginx.pid"
}

