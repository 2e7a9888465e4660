# What the launcher derives from its settings: URLs with passwords, the e2e stack's ports, secrets, the build.

test_redis_url_percent_encodes_the_password() {
  assert_eq 'redis://:p%40ss%3A%2Fw%20rd%25@127.0.0.1:6390/2' "$(redis_url 6390 2 'p@ss:/w rd%')"
  assert_eq 'redis://127.0.0.1:6390/0' "$(redis_url 6390 0 '')" 'without a password'
}

test_e2e_stack_ports_follow_the_port_base() {
  E2E_PORT_BASE=28080 use_e2e_instance
  assert_eq e2e-28080 "$INSTANCE" instance
  assert_eq "28080 28081 28082 28090" "$S_GATEWAY_PORT $S_AUTH_PORT $S_REGISTRY_PORT $S_APP_PORT" ports
  assert_eq sessions_e2e_28080 "$S_DB" database
  assert_eq revocations-e2e-28080 "$S_CHANNEL" channel
  E2E_PORT_BASE=18080 use_e2e_instance
  assert_eq sessions_e2e "$S_DB" 'database of the default base'
}

# The e2e stack wipes its Redis database: never database 0, where ./stack up keeps its data.
test_e2e_stack_refuses_redis_database_0_and_a_bad_base() {
  E2E_REDIS_DB=0 assert_fails use_e2e_instance
  E2E_PORT_BASE=80 assert_fails use_e2e_instance
  E2E_PORT_BASE=abc assert_fails use_e2e_instance
}

test_generated_secrets_are_private_and_the_callers_win() {
  SECRETS_FILE="$STATE/main/secrets.env"
  INTERNAL_API_TOKEN=from-the-caller
  export INTERNAL_API_TOKEN
  ensure_secrets admin@example.test
  assert_eq from-the-caller "$INTERNAL_API_TOKEN" 'INTERNAL_API_TOKEN'
  assert_eq admin@example.test "$AUTH_BOOTSTRAP_ADMIN_EMAIL" 'admin email'
  assert_contains "$AUTH_SIGNING_PRIVATE_KEY" 'BEGIN PRIVATE KEY' 'signing key'
  assert_eq 32 "$(printf '%s' "$AUTH_MFA_ENCRYPTION_KEY" | base64 -d | wc -c)" 'bytes of the two-factor key'
  assert_eq 600 "$(stat -c %a "$SECRETS_FILE")" 'mode of the secrets file'
  assert_not_contains "$(cat "$SECRETS_FILE")" from-the-caller 'secrets file'
  # a second call keeps what the first generated
  local refresh="$AUTH_REFRESH_SECRET"
  unset AUTH_REFRESH_SECRET
  ensure_secrets admin@example.test
  assert_eq "$refresh" "$AUTH_REFRESH_SECRET" 'refresh secret after a second call'
}

# A secrets file written before the two-factor key existed gets that key, and keeps everything else.
test_a_secret_added_later_joins_an_older_secrets_file() {
  SECRETS_FILE="$STATE/old/secrets.env"
  mkdir -p "$STATE/old"
  printf "INTERNAL_API_TOKEN='kept'\nAUTH_REFRESH_SECRET='kept-too'\n" >"$SECRETS_FILE"
  unset INTERNAL_API_TOKEN AUTH_REFRESH_SECRET AUTH_MFA_ENCRYPTION_KEY
  ensure_secrets admin@example.test
  assert_eq kept "$INTERNAL_API_TOKEN" 'INTERNAL_API_TOKEN'
  assert_eq 32 "$(printf '%s' "$AUTH_MFA_ENCRYPTION_KEY" | base64 -d | wc -c)" 'bytes of the added key'
  local key="$AUTH_MFA_ENCRYPTION_KEY"
  unset AUTH_MFA_ENCRYPTION_KEY
  ensure_secrets admin@example.test
  assert_eq "$key" "$AUTH_MFA_ENCRYPTION_KEY" 'the added key after a second call'
}

# The build follows the root POM: its default modules, not those of the e2e and bench profiles.
test_reactor_modules_are_the_default_build() {
  local modules; modules="$(reactor_modules | paste -sd ' ' -)"
  assert_contains " $modules " ' session-registry ' modules
  assert_contains " $modules " ' auth-service ' modules
  assert_not_contains " $modules " ' e2e-tests ' modules
  assert_not_contains " $modules " ' bench ' modules
}

# A service is built again when its own main sources, a library module's or the POMs change; not for its tests.
test_module_hash_follows_the_service_and_its_libraries() {
  ROOT="$STATE/repo"
  mkdir -p "$ROOT"/{.mvn,svc/src/main,svc/src/test,lib/src/main}
  printf '<project>\n  <modules>\n    <module>lib</module>\n    <module>svc</module>\n  </modules>\n  <profiles/>\n</project>\n' >"$ROOT/pom.xml"
  touch "$ROOT/svc/pom.xml" "$ROOT/lib/pom.xml"
  echo a >"$ROOT/svc/src/main/A.java"
  echo b >"$ROOT/lib/src/main/B.java"
  cd "$ROOT"
  SERVICES=(svc)
  assert_eq lib "$(library_modules)" 'library modules'
  local before; before="$(module_hash svc)"
  echo test >"$ROOT/svc/src/test/ATest.java"
  assert_eq "$before" "$(module_hash svc)" 'hash after a test changed'
  echo b2 >"$ROOT/lib/src/main/B.java"
  [[ "$(module_hash svc)" != "$before" ]] || fail 'a library change did not change the hash'
  before="$(module_hash svc)"
  echo a2 >"$ROOT/svc/src/main/A.java"
  [[ "$(module_hash svc)" != "$before" ]] || fail 'a change of the service did not change the hash'
}
