# Topology of a stack instance: how many instances of each service run (STACK_INSTANCES), and whether they share the
# standalone Redis or a Redis Cluster of three masters and three replicas that the stack runs itself
# (STACK_TOPOLOGY=cluster; contract, "Topology").
#
# A service instance is a "unit": the first of each service keeps the service's own name and port (auth-service,
# session-registry: pid files, logs and ports as with one instance), the k-th is <service>-<k> on the service's port
# + 2(k-1) (8083/8084 for the main stack, base+3/base+4 for an e2e stack).

# Most instances of one service: four keep every unit port below the e2e stack's base+9 and base+10.
MAX_INSTANCES=4

# Reads STACK_TOPOLOGY and STACK_INSTANCES into S_TOPOLOGY and S_INSTANCES (a cluster runs two of each by default);
# dies on anything else, before something starts.
topology_settings() {
  S_TOPOLOGY="${STACK_TOPOLOGY:-standalone}"
  case "$S_TOPOLOGY" in
    standalone|cluster) ;;
    *) die "STACK_TOPOLOGY must be standalone or cluster (got '$S_TOPOLOGY')" ;;
  esac
  local default=1
  [[ "$S_TOPOLOGY" == cluster ]] && default=2
  S_INSTANCES="${STACK_INSTANCES:-$default}"
  [[ "$S_INSTANCES" =~ ^[1-9][0-9]*$ ]] && (( S_INSTANCES <= MAX_INSTANCES )) \
    || die "STACK_INSTANCES must be a number from 1 to $MAX_INSTANCES (got '$S_INSTANCES')"
}

# docker-compose.yml runs one instance of each service on standalone Redis: the topologies are the local mode's.
refuse_topology_under_docker() {
  if [[ "${STACK_TOPOLOGY:-standalone}" != standalone || "${STACK_INSTANCES:-1}" != 1 ]]; then
    die "STACK_TOPOLOGY and STACK_INSTANCES work without Docker only (STACK_MODE=local)"
  fi
}

# The units of the current topology, the registries first (auth-service fetches its keys' users from them).
service_units() {
  local svc k
  for svc in "${SERVICES[@]}"; do
    echo "$svc"
    for (( k = 2; k <= S_INSTANCES; k++ )); do echo "$svc-$k"; done
  done
}

# The service a unit is an instance of, and its number (1 for the first).
unit_service() { [[ "$1" =~ ^(.*)-([0-9]+)$ ]] && echo "${BASH_REMATCH[1]}" || echo "$1"; }
unit_index() { [[ "$1" =~ -([0-9]+)$ ]] && echo "${BASH_REMATCH[1]}" || echo 1; }

# The unit of a service with a given number.
unit_name() { if (( $2 == 1 )); then echo "$1"; else echo "$1-$2"; fi; }

# The units of one service, one a line.
units_of() {
  local svc="$1" k
  for (( k = 1; k <= S_INSTANCES; k++ )); do unit_name "$svc" "$k"; done
}

# The port a unit listens on.
unit_port() {
  local svc idx base
  svc="$(unit_service "$1")"
  idx="$(unit_index "$1")"
  case "$svc" in
    auth-service) base="$S_AUTH_PORT" ;;
    session-registry) base="$S_REGISTRY_PORT" ;;
    *) die "unknown service '$svc'" ;;
  esac
  echo $(( base + 2 * (idx - 1) ))
}

# The setting (environment variable) that moves a unit's port, for error messages.
unit_port_setting() {
  if [[ "$INSTANCE" != main ]]; then echo E2E_PORT_BASE; return; fi
  if [[ "$(unit_service "$1")" == auth-service ]]; then echo AUTH_PORT; else echo REGISTRY_PORT; fi
}

# gateway_servers PORT...: the value of a GATEWAY_*_UPSTREAM placeholder for several instances. The template reads
# "server ${GATEWAY_..._UPSTREAM};", so the ports after the first continue it with further "server" lines.
gateway_servers() {
  local out="127.0.0.1:$1" port
  shift
  for port in "$@"; do out+="; server 127.0.0.1:$port"; done
  printf '%s' "$out"
}

# The ports of one service's units, space-separated.
service_ports() {
  local unit ports=()
  while read -r unit; do ports+=("$(unit_port "$unit")"); done < <(units_of "$1")
  echo "${ports[*]}"
}

# The environment of one unit on top of export_service_env (which wires the first instances to each other and to the
# standalone Redis, and which ComposeFileTest holds docker-compose.yml to): its peers, its names and its Redis.
export_unit_env() {
  local unit="$1" idx peer
  idx="$(unit_index "$unit")"
  # auth-service k calls registry k, registry k fetches the keys from auth-service k: a pair per number, so that
  # both instances of each service take requests of their own.
  peer="$(unit_port "$(unit_name session-registry "$idx")")"
  export QUARKUS_REST_CLIENT_SESSION_REGISTRY_URL="http://127.0.0.1:$peer"
  peer="$(unit_port "$(unit_name auth-service "$idx")")"
  export REGISTRY_JWKS_URL="http://127.0.0.1:$peer/auth/jwks.json"
  # a stable consumer name per instance in the history outbox's group: a restarted instance resumes its own entries
  export REGISTRY_HISTORY_CONSUMER="${INSTANCE}-${unit}"
  if [[ "$S_TOPOLOGY" == cluster ]]; then
    QUARKUS_REDIS_HOSTS="$(cluster_seed_hosts)"
    export QUARKUS_REDIS_HOSTS
    export QUARKUS_REDIS_CLIENT_TYPE=cluster
    # the nodes replicate asynchronously: a revocation or history event is answered once a replica holds it
    export REGISTRY_REDIS_WAIT_REPLICAS="${REGISTRY_REDIS_WAIT_REPLICAS:-1}"
  fi
}

# ---- the Redis Cluster: three masters with a replica each, on six ports from S_CLUSTER_PORT_BASE ----

CLUSTER_NODES=6

# The nodes' ports, one a line (bus ports are these + 10000).
cluster_ports() {
  local base="$1" i
  for (( i = 0; i < CLUSTER_NODES; i++ )); do echo $(( base + i )); done
}

# The services' QUARKUS_REDIS_HOSTS for the cluster: every node as a seed, with the password.
cluster_seed_hosts() {
  local port hosts=()
  while read -r port; do hosts+=("$(redis_url "$port" 0 "$S_CLUSTER_PASSWORD")"); done < <(cluster_ports "$S_CLUSTER_PORT_BASE")
  (IFS=,; echo "${hosts[*]}")
}

cluster_dir() { echo "$RUN/redis-cluster"; }

# redis-cli against one node with the cluster's password (in the environment, never on the command line).
cluster_cli() {
  local port="$1"
  shift
  if [[ -n "$S_CLUSTER_PASSWORD" ]]; then
    REDISCLI_AUTH="$S_CLUSTER_PASSWORD" timeout 10 redis-cli -h 127.0.0.1 -p "$port" "$@"
  else
    env -u REDISCLI_AUTH timeout 10 redis-cli -h 127.0.0.1 -p "$port" "$@"
  fi
}

# The configuration of one node (mode 600: it holds the password). noeviction: an evicted key would silently sign a
# user out or drop history; min-replicas-to-write 1: a master without its replica refuses writes rather than
# acknowledge what a failover would lose (docs/ and scale-out design, "Durability").
write_cluster_node_conf() {
  local port="$1" dir="$2" appendonly="$3"
  mkdir -p "$dir"
  (
    umask 077
    {
      echo "port $port"
      echo "bind 127.0.0.1"
      echo "protected-mode yes"
      echo "dir $dir"
      echo "cluster-enabled yes"
      echo "cluster-config-file nodes.conf"
      echo "cluster-node-timeout 5000"
      echo "appendonly $appendonly"
      echo "appendfsync everysec"
      echo "save ''"
      echo "maxmemory-policy noeviction"
      echo "min-replicas-to-write 1"
      echo "min-replicas-max-lag 10"
      echo "daemonize yes"
      echo "pidfile $dir/redis.pid"
      echo "logfile $dir/redis.log"
      if [[ -n "$S_CLUSTER_PASSWORD" ]]; then
        echo "requirepass $S_CLUSTER_PASSWORD"
        echo "masterauth $S_CLUSTER_PASSWORD"
      fi
    } >"$dir/redis.conf"
  )
}

# True when a port belongs to a node of this stack's cluster (its pid file names a live redis-server).
cluster_node_ours() {
  pid_matches "$(read_pid "$(cluster_dir)/$1/redis.pid")" redis-server
}

# One line per fact the cluster must show before the services start: its state, masters and connected replicas.
cluster_health() {
  local port="$1" info nodes
  info="$(cluster_cli "$port" cluster info 2>/dev/null | tr -d '\r')" || return 1
  nodes="$(cluster_cli "$port" cluster nodes 2>/dev/null)" || return 1
  echo "$info" | grep -E '^cluster_state:'
  printf 'masters:%s\n' "$(echo "$nodes" | awk '$3 ~ /master/ && $3 !~ /fail/ && $8 == "connected" && NF > 8' | wc -l)"
  printf 'replicas:%s\n' "$(echo "$nodes" | awk '$3 ~ /slave/ && $3 !~ /fail/ && $8 == "connected"' | wc -l)"
}

cluster_healthy() {
  local health; health="$(cluster_health "$1")" || return 1
  [[ "$health" == *"cluster_state:ok"* && "$health" == *"masters:3"* && "$health" == *"replicas:3"* ]]
}

# Starts the six nodes (when they are not running yet), creates the cluster when the nodes have never formed one,
# and waits until every slot is served and every master has its replica. FRESH=1 wipes earlier node files first
# (the e2e stacks), else a stopped cluster starts again with its data. A cluster already listening on the ports that
# this stack did not start is used as found (with REDIS_PASSWORD), like the standalone Redis.
ensure_redis_cluster() {
  local fresh="${1:-0}" appendonly="${2:-yes}" dir port ports ours=0 foreign=0 created=1
  dir="$(cluster_dir)"
  ensure_tools redis-server redis-client
  mapfile -t ports < <(cluster_ports "$S_CLUSTER_PORT_BASE")
  for port in "${ports[@]}"; do
    if cluster_node_ours "$port"; then ours=$(( ours + 1 ))
    elif port_open "$port"; then foreign=$(( foreign + 1 ))
    fi
  done
  if (( foreign == CLUSTER_NODES )); then
    S_CLUSTER_PASSWORD="${REDIS_PASSWORD:-}"
    cluster_healthy "${ports[0]}" \
      || die "ports ${ports[0]}-${ports[5]} (CLUSTER_PORT_BASE) hold something that is not a healthy Redis Cluster of 3 masters and 3 replicas (REDIS_PASSWORD for one with a password)"
    note "Redis Cluster: using the one already listening on 127.0.0.1:${ports[0]}-${ports[5]}"
    return 0
  fi
  (( foreign == 0 )) || for port in "${ports[@]}"; do
    cluster_node_ours "$port" || ! port_open "$port" || fail_port_taken "$port" "Redis Cluster node" "$( [[ $INSTANCE == main ]] && echo CLUSTER_PORT_BASE || echo E2E_CLUSTER_PORT_BASE )"
  done
  if (( fresh )) && (( ours )); then stop_redis_cluster; ours=0; fi
  (( fresh )) && rm -rf "$dir"
  for port in "${ports[@]}"; do
    [[ -s "$dir/$port/nodes.conf" ]] && grep -q myself "$dir/$port/nodes.conf" && [[ "$(wc -l <"$dir/$port/nodes.conf")" -gt 2 ]] || created=0
  done
  if (( ! created && ours == 0 )); then rm -rf "$dir"; fi
  for port in "${ports[@]}"; do
    cluster_node_ours "$port" && continue
    write_cluster_node_conf "$port" "$dir/$port" "$appendonly"
    (close_lock_fds; exec redis-server "$dir/$port/redis.conf") || die "redis-server did not start on port $port"
  done
  local waited=0
  for port in "${ports[@]}"; do
    until [[ "$(cluster_cli "$port" ping 2>/dev/null || true)" == PONG ]]; do
      (( waited++ < 60 )) || { show_tail "$dir/$port/redis.log"; die "Redis Cluster node $port did not answer within 30 s"; }
      sleep 0.5
    done
  done
  if (( ! created )) && [[ "$(cluster_cli "${ports[0]}" cluster info 2>/dev/null | tr -d '\r' | sed -n 's/^cluster_known_nodes://p')" == 1 ]]; then
    info "creating the Redis Cluster on 127.0.0.1:${ports[0]}-${ports[5]} (3 masters, 3 replicas; files: ${dir#"$ROOT"/})"
    local nodes=() out
    for port in "${ports[@]}"; do nodes+=("127.0.0.1:$port"); done
    out="$(cluster_cli "${ports[0]}" --cluster create "${nodes[@]}" --cluster-replicas 1 --cluster-yes 2>&1)" \
      || { echo "$out" >&2; die "redis-cli --cluster create failed"; }
  fi
  waited=0
  until cluster_healthy "${ports[0]}"; do
    if (( waited++ >= 120 )); then
      cluster_health "${ports[0]}" >&2 || true
      die "the Redis Cluster on ${ports[0]}-${ports[5]} did not become healthy within 60 s (logs: ${dir#"$ROOT"/}/<port>/redis.log)"
    fi
    sleep 0.5
  done
  note "Redis Cluster on 127.0.0.1:${ports[0]}-${ports[5]} is ready (3 masters, 3 replicas)"
}

# Stops the nodes this stack started (their files stay: the next start resumes the cluster with its data).
stop_redis_cluster() {
  local dir node pid
  dir="$(cluster_dir)"
  [[ -d "$dir" ]] || return 0
  for node in "$dir"/*/; do
    pid="$(read_pid "$node/redis.pid")"
    if pid_matches "$pid" redis-server; then
      note "stopping Redis Cluster node $(basename "$node") (pid $pid)"
      stop_pid "$pid" redis-server TERM
    fi
  done
}

# The cluster nodes of this stack that run, as "port pid" lines.
running_cluster_nodes() {
  local dir node pid
  dir="$(cluster_dir)"
  for node in "$dir"/*/; do
    [[ -d "$node" ]] || continue
    pid="$(read_pid "$node/redis.pid")"
    pid_matches "$pid" redis-server && echo "$(basename "$node") $pid"
  done
  return 0
}
