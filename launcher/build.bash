# Building the services: only when their sources changed, in a mirror of the sources (.stack/build-src/) so that
# the build never races a developer's own ./mvnw in the module folders; each build is snapshotted into
# .stack/builds/ so that running stacks are not disturbed by later builds

SERVICES=(session-registry auth-service)

# The modules of the default build (the root POM's <modules> before its profiles): the services and the libraries
# they are built from.
reactor_modules() {
  sed -n '/<profiles>/q; s:^ *<module>\([^<]*\)</module>.*:\1:p' "$ROOT/pom.xml"
}

# The reactor modules that are not services, one a line.
library_modules() {
  reactor_modules | grep -vxF -f <(printf '%s\n' "${SERVICES[@]}") || true
}

# A service's sources and those of every library module: a change in any of them means a new build.
module_hash() {
  local m="$1" lib
  local paths=(pom.xml .mvn "$m/pom.xml" "$m/src/main")
  while read -r lib; do paths+=("$lib/pom.xml" "$lib/src/main"); done < <(library_modules)
  {
    echo "$m"
    find "${paths[@]}" -type f -print0 2>/dev/null \
      | sort -z | xargs -0 -r sha256sum || true
  } | sha256sum | cut -c1-16
}

snapshot_dir() { echo "$STATE/builds/$1-$2"; }

build_services() {
  lock build || die "timed out waiting for another ./stack to finish building"
  local m h need=() hashes=()
  for m in "${SERVICES[@]}"; do
    h="$(module_hash "$m")"
    hashes+=("$m=$h")
    [[ -s "$(snapshot_dir "$m" "$h")/quarkus-run.jar" ]] || need+=("$m")
  done
  if (( ${#need[@]} )); then
    local log="$STATE/logs/build.log" started; started=$(date +%s)
    mkdir -p "$STATE/logs"
    info "building ${need[*]} (./mvnw package; log: .stack/logs/build.log)"
    sync_build_mirror
    if ! (cd "$BUILD_MIRROR" && ./mvnw -B -Dmaven.test.skip=true package -pl "$(IFS=,; echo "${need[*]}")" -am) >"$log" 2>&1; then
      show_tail "$log" 60
      unlock build
      die "the build of ${need[*]} failed (full log: .stack/logs/build.log)"
    fi
    note "built in $(seconds_since "$started") s"
  fi
  for m in "${need[@]+"${need[@]}"}"; do
    h="$(printf '%s\n' "${hashes[@]}" | sed -n "s/^$m=//p")"
    snapshot_module "$m" "$h" "$BUILD_MIRROR/$m/target/quarkus-app"
  done
  prune_snapshots
  unlock build
  for m in "${SERVICES[@]}"; do
    h="$(printf '%s\n' "${hashes[@]}" | sed -n "s/^$m=//p")"
    printf -v "SNAPSHOT_${m//-/_}" '%s' "$(snapshot_dir "$m" "$h")"
  done
}

BUILD_MIRROR="$STATE/build-src"

# Copies what the build reads (wrapper, POMs, main sources) into the mirror; target/ folders there stay, so
# Maven still compiles incrementally.
sync_build_mirror() {
  local m modules
  mapfile -t modules < <(reactor_modules)
  mkdir -p "$BUILD_MIRROR"
  cp -p mvnw pom.xml "$BUILD_MIRROR/"
  rm -rf "$BUILD_MIRROR/.mvn"
  cp -a .mvn "$BUILD_MIRROR/.mvn"
  for m in "${modules[@]}"; do
    mkdir -p "$BUILD_MIRROR/$m/src"
    cp -p "$m/pom.xml" "$BUILD_MIRROR/$m/pom.xml"
    rm -rf "$BUILD_MIRROR/$m/src/main"
    if [[ -d "$m/src/main" ]]; then cp -a "$m/src/main" "$BUILD_MIRROR/$m/src/main"; fi
  done
}

snapshot_module() {
  local m="$1" h="$2" app="$3" dest; dest="$(snapshot_dir "$m" "$h")"
  [[ -s "$app/quarkus-run.jar" ]] || die "${app#"$ROOT"/}/quarkus-run.jar is missing after the build"
  rm -rf "$dest.tmp"
  mkdir -p "$STATE/builds"
  cp -a "$app" "$dest.tmp"
  rm -rf "$dest"
  mv "$dest.tmp" "$dest"
}

# Keeps the three newest snapshots of each service plus any a running service still uses.
prune_snapshots() {
  local m dir in_use
  in_use="$(cat "$STATE"/*/run/*.snapshot 2>/dev/null || true)"
  for m in "${SERVICES[@]}"; do
    ls -1dt "$STATE/builds/$m"-* 2>/dev/null | tail -n +4 | while read -r dir; do
      grep -qxF "$dir" <<<"$in_use" || rm -rf "$dir"
    done
  done
}

# After `./mvnw verify` packaged the services from the current sources, keep that output instead of building again.
adopt_verified_builds() {
  local since="$1" m jar
  lock build || return 0
  for m in "${SERVICES[@]}"; do
    jar="$m/target/quarkus-app/quarkus-run.jar"
    if [[ -s "$jar" ]] && (( $(stat -c %Y "$jar") >= since )); then
      [[ -s "$(snapshot_dir "$m" "${VERIFY_HASHES[$m]}")/quarkus-run.jar" ]] || snapshot_module "$m" "${VERIFY_HASHES[$m]}" "$m/target/quarkus-app"
    fi
  done
  unlock build
}

