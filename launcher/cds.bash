# Class-data archives for the services' start-up. A start is mostly loading, verifying and linking classes (and,
# on Java 25, warming the JIT), so the JVM is told to record what a real run of a build loaded and to map that
# archive on every later start of the same build: Java 17-24 record an AppCDS archive (-XX:ArchiveClassesAtExit,
# then -XX:SharedArchiveFile), Java 25+ an AOT cache with method profiles (-XX:AOTCacheOutput, then -XX:AOTCache).
# The builds are Quarkus aot-jars (parent POM): their classes come from the JVM's class path, so the archive holds
# nearly all of them (97-98% at ready), where Quarkus' own class loader left a quarter out on Java 17.
# The recording is written when the process exits cleanly (a SIGTERM stop), into a file of that process's own,
# and kept only then (class_data_keep), so a killed run or two instances recording at once never leave a torn
# archive. Recorded from a real run on purpose: a build-time recording (Quarkus' AppCDS option) starts the service
# against whatever servers its configuration names, running migrations and joining the revocation channel.
# SERVICE_JAVA names the java that runs the services (default: java on the PATH); CLASS_DATA=off turns this off.

SERVICE_JAVA="${SERVICE_JAVA:-java}"

# The feature version (17, 25, ...) of SERVICE_JAVA.
service_java_version() {
  if [[ -z "${SERVICE_JAVA_VERSION:-}" ]]; then
    SERVICE_JAVA_VERSION="$("$SERVICE_JAVA" -XshowSettings:properties -version 2>&1 \
      | awk -F'= ' '/java.specification.version/ {print $2; exit}')"
    SERVICE_JAVA_VERSION="${SERVICE_JAVA_VERSION#1.}"
  fi
  printf '%s' "${SERVICE_JAVA_VERSION:-17}"
}

# The archive of a build (a folder holding quarkus-run.jar) for SERVICE_JAVA.
class_data_archive() {
  if (( $(service_java_version) >= 25 )); then
    printf '%s/app-%s.aot' "$1" "$(service_java_version)"
  else
    printf '%s/app-%s.jsa' "$1" "$(service_java_version)"
  fi
}

# class_data_opts BUILD_DIR TAG: the JVM options that map the build's archive, or record one for this process
# (TAG names the process, e.g. its service and port).
class_data_opts() {
  local dir="$1" tag="$2" archive
  [[ "${CLASS_DATA:-on}" != off ]] || return 0
  archive="$(class_data_archive "$dir")"
  if [[ -s "$archive" ]]; then
    if (( $(service_java_version) >= 25 )); then
      printf -- '-XX:AOTCache=%s' "$archive"
    else
      printf -- '-XX:SharedArchiveFile=%s' "$archive"
    fi
  elif [[ -w "$dir" ]]; then
    if (( $(service_java_version) >= 25 )); then
      printf -- '-XX:AOTCacheOutput=%s.%s.part' "$archive" "$tag"
    else
      # the dump warns about every generated reflection class it leaves out: not worth a log line each
      printf -- '-XX:ArchiveClassesAtExit=%s.%s.part -Xlog:cds=off' "$archive" "$tag"
    fi
  fi
}

# class_data_keep BUILD_DIR TAG: after the process of TAG stopped cleanly, its recording becomes the build's archive.
class_data_keep() {
  local dir="$1" tag="$2" archive part
  archive="$(class_data_archive "$dir")"
  part="$archive.$tag.part"
  if [[ -s "$part" && ! -s "$archive" ]]; then
    mv -f "$part" "$archive"
  fi
  rm -f "$part" "$part".*
}

# class_data_drop BUILD_DIR TAG: after the process of TAG was killed, its recording (if any) is not trusted.
class_data_drop() {
  local part
  part="$(class_data_archive "$1").$2.part"
  rm -f "$part" "$part".*
}

# The JIT thresholds for the services' start (deploy/jvm-startup.options says why), as an argument file of the java
# launcher: given before JAVA_OPTS, so that an option there wins; the container image passes the same file.
JVM_STARTUP_OPTIONS="$ROOT/deploy/jvm-startup.options"

jvm_startup_opts() {
  [[ -s "$JVM_STARTUP_OPTIONS" ]] || die "$JVM_STARTUP_OPTIONS is missing"
  printf '@%s' "$JVM_STARTUP_OPTIONS"
}
