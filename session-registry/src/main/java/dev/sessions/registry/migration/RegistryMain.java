package dev.sessions.registry.migration;

import jakarta.inject.Inject;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import org.jboss.logging.Logger;

import dev.sessions.contract.schema.SchemaMigration;

/**
 * The registry's entry point: the service; with the argument {@code migrate-db} the schema migration alone (it exits
 * 0 once the schema is migrated, 1 if a migration fails: Kubernetes' migration Job, ADR 17); with {@code migrate-redis
 * [--dry-run]} the one-time conversion of ADR 4's Redis layout (ADR 15), which {@code ./stack migrate-redis} runs
 * with the service's settings. (Quarkus' {@code quarkus.init-and-exit} cannot serve the Job: with an entry point of
 * the application's own, it stops the container before calling it and exits 1.)
 */
@QuarkusMain
public class RegistryMain implements QuarkusApplication {

    static final String MIGRATE_DB = "migrate-db";
    static final String MIGRATE_REDIS = "migrate-redis";

    private static final Logger LOG = Logger.getLogger(RegistryMain.class);
    private static final long POLL_MS = 100;

    @Inject
    LayoutConversionCommand conversion;

    @Inject
    SchemaMigration schema;

    @Override
    public int run(String... args) throws InterruptedException {
        String command = args.length > 0 ? args[0] : "";
        if (command.equals(MIGRATE_DB)) {
            return schemaMigrated() ? 0 : 1;
        }
        if (command.equals(MIGRATE_REDIS)) {
            // the conversion renames history rows: their table must exist
            return schemaMigrated() ? conversion.run(args) : 1;
        }
        Quarkus.waitForExit();
        return 0;
    }

    /** Waits for the migration that runs beside the start: true once migrated, false once a migration failed. */
    private boolean schemaMigrated() throws InterruptedException {
        while (true) {
            SchemaMigration.State state = schema.state();
            if (state == SchemaMigration.State.MIGRATED) {
                LOG.info("the registry's schema is migrated");
                return true;
            }
            if (state == SchemaMigration.State.FAILED) {
                LOG.error("the registry's schema migration failed (see above)");
                return false;
            }
            Thread.sleep(POLL_MS);
        }
    }
}
