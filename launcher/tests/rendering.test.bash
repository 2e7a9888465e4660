# The gateway's templates, rendered as ./stack and bench/run render them: every ${GATEWAY_*} placeholder filled,
# every nginx variable left alone, and a result nginx accepts.

render_sample() {
  render_gateway_config "$STATE/nginx" 1 18123 127.0.0.1:18124 127.0.0.1:18125 18133
}

test_rendering_fills_every_placeholder() {
  render_sample
  local main gateway
  main="$(cat "$STATE/nginx/conf/nginx.conf.new")"
  gateway="$(cat "$STATE/nginx/conf/gateway.conf.new")"
  # (the templates' comments speak of ${GATEWAY_*}: only a placeholder with a name counts)
  if grep -nE '\$\{GATEWAY_[A-Z]' "$STATE"/nginx/conf/*.new; then fail 'a placeholder was left unrendered'; fi
  assert_contains "$main" 'worker_processes 1;'
  assert_contains "$main" "pid $STATE/nginx/nginx.pid;"
  assert_contains "$main" "include $STATE/nginx/conf/gateway.conf;"
  assert_contains "$gateway" 'listen 18123;'
  assert_contains "$gateway" 'server 127.0.0.1:18124;'
  assert_contains "$gateway" 'server 127.0.0.1:18125;'
  assert_contains "$gateway" 'listen 127.0.0.1:18133;'
  assert_contains "$gateway" "root $ROOT/gateway-config/console;"
}

# envsubst without a list of names would blank out $remote_addr, $http_authorization and every other nginx variable.
test_rendering_keeps_nginx_variables() {
  render_sample
  local template rendered
  template="$(grep -o '\$[a-z_][a-z0-9_]*' gateway-config/templates/gateway.conf.template | sort | uniq -c)"
  rendered="$(grep -o '\$[a-z_][a-z0-9_]*' "$STATE/nginx/conf/gateway.conf.new" | sort | uniq -c)"
  assert_eq "$template" "$rendered" 'nginx variables of gateway.conf'
  template="$(grep -o '\$[a-z_][a-z0-9_]*' gateway-config/nginx.conf.template | sort | uniq -c)"
  rendered="$(grep -o '\$[a-z_][a-z0-9_]*' "$STATE/nginx/conf/nginx.conf.new" | sort | uniq -c)"
  assert_eq "$template" "$rendered" 'nginx variables of nginx.conf'
  assert_contains "$template" '$remote_addr' 'the variables of nginx.conf.template'
}

test_rendered_configuration_passes_nginx_test() {
  command -v nginx >/dev/null 2>&1 || skip 'nginx is not installed'
  render_sample
  install_gateway_config "$STATE/nginx"
  [[ -s "$STATE/nginx/conf/gateway.conf" && ! -e "$STATE/nginx/conf/gateway.conf.new" ]] || fail 'the configuration was not put in place'
}

# A running gateway is reloaded only when the rendering differs from what it runs with.
test_configuration_change_is_detected() {
  render_sample
  mv "$STATE/nginx/conf/nginx.conf.new" "$STATE/nginx/conf/nginx.conf"
  mv "$STATE/nginx/conf/gateway.conf.new" "$STATE/nginx/conf/gateway.conf"
  render_sample
  assert_fails gateway_config_changed "$STATE/nginx"
  render_gateway_config "$STATE/nginx" 1 18123 127.0.0.1:18124 127.0.0.1:18125 18134
  assert_succeeds gateway_config_changed "$STATE/nginx"
}
