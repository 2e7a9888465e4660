# Debian packages the launcher needs, installed with apt-get when missing.

APT_UPDATED=0

# Installs missing Debian packages. Services are kept from starting during the install (policy-rc.d), so that
# apt never starts a system nginx on port 80 or a system Redis: ./stack starts its own servers.
apt_install() {
  (( $# )) || return 0
  command -v apt-get >/dev/null 2>&1 || die "missing $*: install them with your package manager (no apt-get here)"
  lock apt || die "timed out waiting for another ./stack to finish apt-get"
  local log="$STATE/logs/apt.log" policy=/usr/sbin/policy-rc.d created_policy=0
  mkdir -p "$STATE/logs"
  info "installing $* (apt-get; log: .stack/logs/apt.log)"
  if [[ ! -e "$policy" ]]; then
    as_root sh -c "printf '#!/bin/sh\nexit 101\n' > $policy && chmod 755 $policy"
    created_policy=1
  fi
  local rc=1 attempt
  # Two attempts: a mirror hiccup on a fresh CI machine should not fail the whole run.
  for attempt in 1 2; do
    rc=0
    if (( APT_UPDATED == 0 )); then
      as_root env DEBIAN_FRONTEND=noninteractive apt-get -q -o DPkg::Lock::Timeout=600 update >>"$log" 2>&1 || rc=$?
      (( rc != 0 )) || APT_UPDATED=1
    fi
    if (( rc == 0 )); then
      as_root env DEBIAN_FRONTEND=noninteractive apt-get -q -y -o DPkg::Lock::Timeout=600 install "$@" >>"$log" 2>&1 || rc=$?
    fi
    (( rc != 0 )) || break
    (( attempt == 2 )) || { warn "apt-get failed (exit $rc); trying once more"; sleep 5; }
  done
  if (( created_policy )); then
    as_root rm -f "$policy"
  fi
  unlock apt
  if (( rc != 0 )); then
    show_tail "$log" 30
    die "apt-get could not install $*"
  fi
}

# Makes sure the commands ./stack needs exist; arguments name extra needs: postgres-client, postgres-server,
# redis-client, redis-server, nginx, envsubst, chromium, node, promtool, or any command that its own Debian package provides (wrk, jq).
ensure_tools() {
  local want=() need
  command -v java >/dev/null 2>&1 || want+=(openjdk-17-jdk-headless)
  command -v curl >/dev/null 2>&1 || want+=(curl)
  command -v openssl >/dev/null 2>&1 || want+=(openssl)
  command -v flock >/dev/null 2>&1 || want+=(util-linux)
  for need in "$@"; do
    case "$need" in
      postgres-client) command -v psql >/dev/null 2>&1 || want+=(postgresql-client) ;;
      postgres-server) command -v pg_ctlcluster >/dev/null 2>&1 && compgen -G '/usr/lib/postgresql/*/bin/postgres' >/dev/null || want+=(postgresql) ;;
      redis-client) command -v redis-cli >/dev/null 2>&1 || want+=(redis-tools) ;;
      redis-server) command -v redis-server >/dev/null 2>&1 || want+=(redis-server) ;;
      nginx) command -v nginx >/dev/null 2>&1 || want+=(nginx) ;;
      envsubst) command -v envsubst >/dev/null 2>&1 || want+=(gettext-base) ;;
      chromium) [[ -x /usr/bin/chromium ]] || want+=(chromium) ;;
      node) command -v node >/dev/null 2>&1 || want+=(nodejs) ;;
      promtool) command -v promtool >/dev/null 2>&1 || want+=(prometheus) ;;
      *) command -v "$need" >/dev/null 2>&1 || want+=("$need") ;;
    esac
  done
  if (( ${#want[@]} )); then
    local unique=()
    mapfile -t unique < <(printf '%s\n' "${want[@]}" | sort -u)
    apt_install "${unique[@]}"
  fi
}

