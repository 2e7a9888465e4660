# Class-data archives (cds.bash): each process records into a file of its own, only a clean stop turns a recording
# into the build's archive, a kept archive is never replaced, and the JVM accepts what the launcher hands it.

test_a_build_without_an_archive_has_each_process_record_its_own() {
  local build="$STATE/build"
  mkdir -p "$build"
  SERVICE_JAVA_VERSION=17
  assert_eq "-XX:ArchiveClassesAtExit=$build/app-17.jsa.main-auth-service.part -Xlog:cds=off" \
    "$(class_data_opts "$build" main-auth-service)" 'first start of a build, Java 17'
  assert_eq "-XX:ArchiveClassesAtExit=$build/app-17.jsa.e2e-18080-auth-service.part -Xlog:cds=off" \
    "$(class_data_opts "$build" e2e-18080-auth-service)" 'another stack on the same build'
}

test_a_clean_stop_keeps_the_recording_and_later_starts_map_it() {
  local build="$STATE/build"
  mkdir -p "$build"
  SERVICE_JAVA_VERSION=17
  echo recorded >"$build/app-17.jsa.main-auth-service.part"
  class_data_keep "$build" main-auth-service
  assert_eq recorded "$(cat "$build/app-17.jsa")" 'the recording became the archive'
  assert_eq "-XX:SharedArchiveFile=$build/app-17.jsa" "$(class_data_opts "$build" main-auth-service)" 'later start'
}

test_a_killed_process_leaves_no_archive_and_the_next_start_records_again() {
  local build="$STATE/build"
  mkdir -p "$build"
  SERVICE_JAVA_VERSION=17
  echo torn >"$build/app-17.jsa.main-session-registry.part"
  class_data_drop "$build" main-session-registry
  [[ ! -e "$build/app-17.jsa" && ! -e "$build/app-17.jsa.main-session-registry.part" ]] || fail 'a killed recording was kept'
  assert_contains "$(class_data_opts "$build" main-session-registry)" ArchiveClassesAtExit 'records again'
}

test_a_kept_archive_is_never_replaced_by_a_later_recording() {
  local build="$STATE/build"
  mkdir -p "$build"
  SERVICE_JAVA_VERSION=17
  echo first >"$build/app-17.jsa"
  echo second >"$build/app-17.jsa.other.part"
  class_data_keep "$build" other
  assert_eq first "$(cat "$build/app-17.jsa")" 'the kept archive'
  [[ ! -e "$build/app-17.jsa.other.part" ]] || fail 'the extra recording was left behind'
}

test_java_25_records_and_maps_an_aot_cache() {
  local build="$STATE/build"
  mkdir -p "$build"
  SERVICE_JAVA_VERSION=25
  assert_eq "-XX:AOTCacheOutput=$build/app-25.aot.main-auth-service.part" "$(class_data_opts "$build" main-auth-service)"
  echo cache >"$build/app-25.aot.main-auth-service.part"
  class_data_keep "$build" main-auth-service
  assert_eq "-XX:AOTCache=$build/app-25.aot" "$(class_data_opts "$build" main-auth-service)"
}

test_class_data_off_adds_no_option() {
  local build="$STATE/build"
  mkdir -p "$build"
  SERVICE_JAVA_VERSION=17
  assert_eq '' "$(CLASS_DATA=off class_data_opts "$build" main-auth-service)"
}

test_the_jvm_records_at_a_clean_exit_and_maps_the_archive_next_time() {
  local build="$STATE/build" opts
  mkdir -p "$build"
  command -v "$SERVICE_JAVA" >/dev/null || fail "no java to run ($SERVICE_JAVA)"
  (( $(service_java_version) < 25 )) || skip 'this case checks the AppCDS options of Java 17-24'
  opts="$(class_data_opts "$build" probe)"
  # shellcheck disable=SC2086
  "$SERVICE_JAVA" $opts -Xlog:cds=off -version >/dev/null 2>&1 || fail "java refused $opts"
  class_data_keep "$build" probe
  [[ -s "$build/app-$(service_java_version).jsa" ]] || fail 'no archive was written at exit'
  opts="$(class_data_opts "$build" probe)"
  assert_contains "$opts" SharedArchiveFile 'the second start maps the archive'
  # shellcheck disable=SC2086
  "$SERVICE_JAVA" $opts -Xshare:on -version >/dev/null 2>&1 || fail 'the JVM could not map the recorded archive'
}

# The JIT thresholds of deploy/jvm-startup.options: the JVM takes the file as it is, and an option of JAVA_OPTS, given
# after it, wins.
test_the_jvm_takes_the_startup_options_and_java_opts_override_them() {
  command -v "$SERVICE_JAVA" >/dev/null || fail "no java to run ($SERVICE_JAVA)"
  local opts flags
  opts="$(jvm_startup_opts)"
  assert_eq "@$ROOT/deploy/jvm-startup.options" "$opts" 'the argument file'
  flags="$("$SERVICE_JAVA" "$opts" -XX:+PrintFlagsFinal -version 2>&1)" || fail "java refused $opts: $flags"
  [[ "$flags" =~ Tier4InvocationThreshold\ +=\ 15000\ .*command\ line ]] || fail "the file's C2 threshold was not applied"
  flags="$("$SERVICE_JAVA" "$opts" -XX:Tier4InvocationThreshold=5000 -XX:+PrintFlagsFinal -version 2>&1)"
  [[ "$flags" =~ Tier4InvocationThreshold\ +=\ 5000\  ]] || fail 'an option given after the file did not win'
}

test_changed_startup_options_restart_a_service() {
  use_main_instance
  RUN="$STATE/main"
  mkdir -p "$RUN"
  local before after
  before="$(service_fingerprint auth-service "$STATE/build")"
  JVM_STARTUP_OPTIONS="$STATE/startup.options"
  printf -- '-XX:Tier3InvocationThreshold=3000\n' >"$JVM_STARTUP_OPTIONS"
  after="$(service_fingerprint auth-service "$STATE/build")"
  [[ "$before" != "$after" ]] || fail 'the fingerprint ignores the start-up options'
}
