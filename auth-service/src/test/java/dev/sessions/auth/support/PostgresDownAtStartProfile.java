package dev.sessions.auth.support;

import java.util.List;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * The service as it is deployed (the schema migration runs beside the start, ADR 17), started while PostgreSQL is
 * down: both of its URLs go through a link that is cut before the start. A bootstrap administrator of its own, created once
 * the link is up.
 */
public class PostgresDownAtStartProfile implements QuarkusTestProfile {

    /**
     * The bootstrap administrator's email: a constant (the profile is loaded by the test's class loader and by the
     * application's, so a random one would differ between them); a later run finds the account and leaves it.
     */
    public static final String ADMIN_EMAIL = "schema-migration-admin@test.example";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "quarkus.flyway.migrate-at-start",
                "false",
                "auth.user-store.timeout",
                "2s",
                "auth.bootstrap-admin.email",
                ADMIN_EMAIL,
                "auth.bootstrap-admin.password",
                RegistryTestResource.ADMIN_PASSWORD);
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(
                TcpLinkResource.class, Map.of("target", "postgres", "jdbc", "true", "start", "down")));
    }
}
