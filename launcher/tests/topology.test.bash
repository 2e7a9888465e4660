# The topology switches (STACK_TOPOLOGY, STACK_INSTANCES, E2E_TOPOLOGIES), the instances' ports and wiring, the
# gateway's upstreams for several instances and the Redis Cluster's layout: everything but the running processes.

test_standalone_with_one_instance_is_the_default() {
  unset STACK_TOPOLOGY STACK_INSTANCES
  use_main_instance
  assert_eq "standalone 1" "$S_TOPOLOGY $S_INSTANCES" topology
  assert_eq "session-registry auth-service" "$(service_units | paste -sd ' ' -)" units
}

test_a_cluster_runs_two_instances_of_each_service_unless_told_otherwise() {
  STACK_TOPOLOGY=cluster use_main_instance
  assert_eq "cluster 2" "$S_TOPOLOGY $S_INSTANCES" topology
  STACK_TOPOLOGY=cluster STACK_INSTANCES=3 use_main_instance
  assert_eq "cluster 3" "$S_TOPOLOGY $S_INSTANCES" 'topology with STACK_INSTANCES'
  STACK_INSTANCES=2 use_main_instance
  assert_eq "standalone 2" "$S_TOPOLOGY $S_INSTANCES" 'standalone with two instances'
}

test_unknown_topologies_and_instance_counts_are_refused() {
  STACK_TOPOLOGY=sentinel assert_fails use_main_instance
  STACK_INSTANCES=0 assert_fails use_main_instance
  STACK_INSTANCES=5 assert_fails use_main_instance
  STACK_INSTANCES=two assert_fails use_main_instance
  STACK_INSTANCES=2 STACK_TOPOLOGY=Cluster assert_fails use_e2e_instance
}

# The first instance of each service keeps the usual port; the k-th is 2(k-1) above it, clear of the gateway, the
# sample app and MailDev.
test_instances_ports_follow_the_first() {
  STACK_INSTANCES=2 use_main_instance
  assert_eq "session-registry session-registry-2 auth-service auth-service-2" "$(service_units | paste -sd ' ' -)" units
  assert_eq "8081 8083" "$(service_ports auth-service)" 'auth-service ports'
  assert_eq "8082 8084" "$(service_ports session-registry)" 'session-registry ports'
  assert_eq "auth-service 2" "$(unit_service auth-service-2) $(unit_index auth-service-2)" 'unit auth-service-2'
  assert_eq "session-registry 1" "$(unit_service session-registry) $(unit_index session-registry)" 'unit session-registry'
  E2E_PORT_BASE=28480 STACK_INSTANCES=4 use_e2e_instance
  assert_eq "28481 28483 28485 28487" "$(service_ports auth-service)" 'e2e auth-service ports'
  assert_eq "28482 28484 28486 28488" "$(service_ports session-registry)" 'e2e session-registry ports'
  local all; all="$(service_ports auth-service) $(service_ports session-registry)"
  assert_not_contains " $all " " $S_GATEWAY_PORT " 'instance ports'
  assert_not_contains " $all " " $S_APP_PORT " 'instance ports'
  assert_not_contains " $all " " $S_MAILDEV_SMTP_PORT " 'instance ports'
  assert_eq E2E_PORT_BASE "$(unit_port_setting auth-service-2)" 'setting of an e2e port'
}

# export_service_env lives in ./stack itself (launcher/README.md), which the tests do not run.
source_service_env() {
  eval "$(sed -n '/^export_service_env() {/,/^}/p' "$ROOT/stack")"
}

# Each auth-service instance calls the registry instance of its number, which fetches keys from it; every registry
# has a consumer name of its own in the history outbox's group.
test_each_instance_is_wired_to_its_peer_and_named() {
  source_service_env
  STACK_INSTANCES=2 use_main_instance
  S_PG_PORT=5432 S_PG_USER=sessions S_PG_PASSWORD=pw S_REDIS_PORT=6379 S_REDIS_PASSWORD='' S_REDIS_DB=0
  (
    export_service_env auth-service-2
    export_unit_env auth-service-2
    assert_eq 8083 "$QUARKUS_HTTP_PORT" 'port of auth-service-2'
    assert_eq http://127.0.0.1:8084 "$QUARKUS_REST_CLIENT_SESSION_REGISTRY_URL" 'registry of auth-service-2'
    assert_eq redis://127.0.0.1:6379/0 "$QUARKUS_REDIS_HOSTS" 'standalone Redis'
    [[ -z "${QUARKUS_REDIS_CLIENT_TYPE:-}" ]] || fail 'a standalone topology set QUARKUS_REDIS_CLIENT_TYPE'
  )
  (
    export_service_env session-registry
    export_unit_env session-registry
    assert_eq 8082 "$QUARKUS_HTTP_PORT" 'port of session-registry'
    assert_eq http://127.0.0.1:8081/auth/jwks.json "$REGISTRY_JWKS_URL" 'keys of session-registry'
    assert_eq main-session-registry "$REGISTRY_HISTORY_CONSUMER" 'consumer of session-registry'
  )
  (
    export_service_env session-registry-2
    export_unit_env session-registry-2
    assert_eq http://127.0.0.1:8083/auth/jwks.json "$REGISTRY_JWKS_URL" 'keys of session-registry-2'
    assert_eq main-session-registry-2 "$REGISTRY_HISTORY_CONSUMER" 'consumer of session-registry-2'
  )
}

# In the cluster topology the services get every node as a seed and the cluster client.
test_cluster_instances_get_the_seed_hosts_and_the_cluster_client() {
  source_service_env
  STACK_TOPOLOGY=cluster CLUSTER_PORT_BASE=7301 use_main_instance
  S_PG_PORT=5432 S_PG_USER=sessions S_PG_PASSWORD=pw S_REDIS_PORT=6379 S_REDIS_PASSWORD='' S_REDIS_DB=0
  S_CLUSTER_PASSWORD='p@ss'
  export_service_env auth-service
  export_unit_env auth-service
  assert_eq cluster "$QUARKUS_REDIS_CLIENT_TYPE" 'client type'
  local expected='' port
  for port in 7301 7302 7303 7304 7305 7306; do expected+="redis://:p%40ss@127.0.0.1:$port/0,"; done
  assert_eq "${expected%,}" "$QUARKUS_REDIS_HOSTS" 'seed hosts'
}

test_cluster_ports_come_from_their_base() {
  assert_eq "7001 7002 7003 7004 7005 7006" "$(cluster_ports 7001 | paste -sd ' ' -)" 'ports from 7001'
  use_main_instance
  assert_eq 7001 "$S_CLUSTER_PORT_BASE" 'main stack default'
  CLUSTER_PORT_BASE=7301 use_main_instance
  assert_eq 7301 "$S_CLUSTER_PORT_BASE" 'main stack with CLUSTER_PORT_BASE'
  E2E_PORT_BASE=28480 use_e2e_instance
  assert_eq 28491 "$S_CLUSTER_PORT_BASE" 'e2e stack default (base + 11)'
  assert_eq 1 "$S_CLUSTER_FRESH" 'an e2e cluster starts afresh'
  E2E_PORT_BASE=28480 E2E_CLUSTER_PORT_BASE=7301 use_e2e_instance
  assert_eq 7301 "$S_CLUSTER_PORT_BASE" 'e2e stack with E2E_CLUSTER_PORT_BASE'
  # bus ports are 10000 above the nodes' ports and must stay below 65536
  E2E_PORT_BASE=28480 E2E_CLUSTER_PORT_BASE=60000 assert_fails use_e2e_instance
}

# Each node: cluster mode, never evicting, refusing writes without a replica, no snapshots, the password in a
# private file.
test_cluster_node_configuration() {
  S_CLUSTER_PASSWORD=secret-of-the-test
  write_cluster_node_conf 7301 "$STATE/node" no
  local conf; conf="$(cat "$STATE/node/redis.conf")"
  assert_contains "$conf" 'port 7301'
  assert_contains "$conf" 'bind 127.0.0.1'
  assert_contains "$conf" 'cluster-enabled yes'
  assert_contains "$conf" 'maxmemory-policy noeviction'
  assert_contains "$conf" 'min-replicas-to-write 1'
  assert_contains "$conf" "save ''"
  assert_contains "$conf" 'appendonly no'
  assert_contains "$conf" "dir $STATE/node"
  assert_contains "$conf" 'requirepass secret-of-the-test'
  assert_contains "$conf" 'masterauth secret-of-the-test'
  assert_eq 600 "$(stat -c %a "$STATE/node/redis.conf")" 'mode of the node configuration'
}

# What the gateway balances over: every instance, and the check by token.
test_gateway_upstreams_list_every_instance() {
  assert_eq 127.0.0.1:8081 "$(gateway_servers 8081)" 'one instance'
  assert_eq '127.0.0.1:8081; server 127.0.0.1:8083' "$(gateway_servers 8081 8083)" 'two instances'
  render_gateway_config "$STATE/nginx" 1 18123 "$(gateway_servers 18124 18126)" "$(gateway_servers 18125 18127)" 18133
  local gateway; gateway="$(cat "$STATE/nginx/conf/gateway.conf.new")"
  local auth registry check
  auth="$(sed -n '/^upstream gw_auth_service {/,/^}/p' <<<"$gateway")"
  registry="$(sed -n '/^upstream gw_session_registry {/,/^}/p' <<<"$gateway")"
  check="$(sed -n '/^upstream gw_registry_check {/,/^}/p' <<<"$gateway")"
  assert_contains "$auth" 'server 127.0.0.1:18124;' 'auth upstream'
  assert_contains "$auth" 'server 127.0.0.1:18126;' 'auth upstream'
  assert_contains "$registry" 'server 127.0.0.1:18125;' 'registry upstream'
  assert_contains "$registry" 'server 127.0.0.1:18127;' 'registry upstream'
  assert_contains "$check" 'hash $http_authorization consistent;' 'check upstream'
  assert_contains "$check" 'server 127.0.0.1:18125;' 'check upstream'
  assert_contains "$check" 'server 127.0.0.1:18127;' 'check upstream'
  assert_contains "$gateway" 'proxy_pass http://gw_registry_check/check;' 'the check location'
  command -v nginx >/dev/null 2>&1 || skip 'nginx is not installed'
  install_gateway_config "$STATE/nginx"
}

test_e2e_topologies_default_to_both() {
  unset E2E_TOPOLOGIES
  assert_eq "standalone cluster" "$(e2e_topologies | paste -sd ' ' -)" default
  assert_eq standalone "$(E2E_TOPOLOGIES=standalone e2e_topologies | paste -sd ' ' -)" one
  assert_eq "standalone cluster" "$(E2E_TOPOLOGIES="standalone cluster" e2e_topologies | paste -sd ' ' -)" both
  E2E_TOPOLOGIES="standalone sentinel" assert_fails e2e_topologies
  E2E_TOPOLOGIES=" " assert_fails e2e_topologies
}

# down, status and logs find every instance an earlier up started, whatever the topology in the environment now.
test_recorded_units_are_those_with_pid_files() {
  use_main_instance
  mkdir -p "$RUN/run"
  touch "$RUN/run/session-registry.pid" "$RUN/run/session-registry-2.pid" "$RUN/run/auth-service.pid" "$RUN/run/maildev.pid"
  assert_eq "session-registry session-registry-2 auth-service" "$(recorded_units | paste -sd ' ' -)" units
}

# docker-compose.yml knows one instance of each service on standalone Redis: the switches are refused there rather
# than ignored.
test_topologies_are_refused_under_docker() {
  unset STACK_TOPOLOGY STACK_INSTANCES
  assert_succeeds refuse_topology_under_docker
  STACK_TOPOLOGY=cluster assert_fails refuse_topology_under_docker
  STACK_INSTANCES=2 assert_fails refuse_topology_under_docker
}

# The cluster counts as up when every slot is served and each of the three masters has a connected replica (with
# min-replicas-to-write 1, a master without one refuses writes).
test_cluster_health_wants_three_masters_with_replicas() {
  local state=ok fake_nodes
  # (not "nodes": cluster_health has a local of that name)
  fake_nodes='a1 127.0.0.1:7301@17301 myself,master - 0 0 1 connected 0-5460
b2 127.0.0.1:7302@17302 master - 0 0 2 connected 5461-10922
c3 127.0.0.1:7303@17303 master - 0 0 3 connected 10923-16383
d4 127.0.0.1:7304@17304 slave c3 0 0 3 connected
e5 127.0.0.1:7305@17305 slave a1 0 0 1 connected
f6 127.0.0.1:7306@17306 slave b2 0 0 2 connected'
  cluster_cli() {
    case "$2 $3" in
      'cluster info') printf 'cluster_state:%s\r\ncluster_slots_assigned:16384\r\n' "$state" ;;
      'cluster nodes') echo "$fake_nodes" ;;
    esac
  }
  assert_succeeds cluster_healthy 7301
  assert_contains "$(cluster_health 7301)" 'masters:3'
  state=fail
  assert_fails cluster_healthy 7301
  state=ok
  fake_nodes="${fake_nodes/slave a1 0 0 1 connected/slave,fail a1 0 0 1 disconnected}"
  assert_fails cluster_healthy 7301
  assert_contains "$(cluster_health 7301)" 'replicas:2'
}

# ./stack test runs the suite once per topology, each on its own stack, and says which one failed.
test_e2e_runs_once_per_topology_and_names_the_failed_one() {
  local seen="$STATE/seen"
  run_e2e_local() {
    echo "$STACK_TOPOLOGY" >>"$seen"
    if [[ "$STACK_TOPOLOGY" == cluster ]]; then E2E_RESULT='FAILED (exit 1)'; return 1; fi
    E2E_RESULT=passed
  }
  e2e_teardown() { echo teardown >>"$seen"; }
  local rc=0
  E2E_PARALLEL=off E2E_TOPOLOGIES="standalone cluster" run_e2e_topologies || rc=$?
  assert_eq 1 "$rc" 'exit status'
  assert_eq "standalone teardown cluster teardown" "$(paste -sd ' ' "$seen")" 'runs'
  assert_eq 'FAILED (standalone passed; cluster FAILED (exit 1))' "$E2E_RESULT" result
  : >"$seen"
  E2E_TOPOLOGIES=standalone run_e2e_topologies
  assert_eq "standalone teardown" "$(paste -sd ' ' "$seen")" 'runs of one topology'
  assert_eq passed "$E2E_RESULT" 'result of one topology'
}

# By default the cluster run goes on beside the rest, on a port base of its own (E2E_PORT_BASE + 100), and the
# summary still names the one that failed.
test_e2e_topologies_run_side_by_side_on_their_own_port_bases() {
  local seen="$STATE/seen"
  run_e2e_local() {
    echo "$STACK_TOPOLOGY ${E2E_PORT_BASE:-18080} $*" >>"$seen"
    if [[ "$STACK_TOPOLOGY" == cluster ]]; then E2E_RESULT='FAILED (exit 1)'; return 1; fi
    E2E_RESULT=passed
  }
  e2e_teardown() { :; }
  unset E2E_TOPOLOGIES E2E_PARALLEL
  local rc=0
  E2E_PORT_BASE=28280 run_e2e_topologies >/dev/null 2>&1 || rc=$?
  assert_eq 1 "$rc" 'exit status'
  assert_eq "cluster 28380 -Dspotless.check.skip=true|standalone 28280 " "$(sort "$seen" | paste -sd '|' -)" 'runs'
  assert_eq 'FAILED (standalone passed; cluster FAILED (exit 1))' "$E2E_RESULT" result
  assert_eq 0 "${#E2E_BACKGROUND[@]}" 'nothing left in the background'
}
