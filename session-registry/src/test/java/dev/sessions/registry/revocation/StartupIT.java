package dev.sessions.registry.revocation;

import dev.sessions.registry.support.RegistryProcess;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The packaged application in prod mode refuses to start without its secret. */
class StartupIT {

    @Test
    void refusesToStartWithoutTheInternalCredential() throws Exception {
        try (RegistryProcess process = RegistryProcess.startWithout("registry-no-secret", Map.of(), "INTERNAL_API_TOKEN")) {
            int exit = process.awaitExit(Duration.ofSeconds(120));
            assertThat(exit).isNotZero();
        }
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(
                Files.readString(Path.of("target", "it-logs", "registry-no-secret.log"))).contains("internal.api-token"));
    }
}
