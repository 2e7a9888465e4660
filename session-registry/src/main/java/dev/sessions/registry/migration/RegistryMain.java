package dev.sessions.registry.migration;

import jakarta.inject.Inject;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * The registry's entry point: the service, or with the arguments {@code migrate-redis [--dry-run]} the one-time
 * conversion of ADR 4's Redis layout (ADR 15), which {@code ./stack migrate-redis} runs with the service's settings.
 */
@QuarkusMain
public class RegistryMain implements QuarkusApplication {

    static final String MIGRATE_REDIS = "migrate-redis";

    @Inject
    LayoutConversionCommand conversion;

    @Override
    public int run(String... args) {
        if (args.length > 0 && args[0].equals(MIGRATE_REDIS)) {
            return conversion.run(args);
        }
        Quarkus.waitForExit();
        return 0;
    }
}
