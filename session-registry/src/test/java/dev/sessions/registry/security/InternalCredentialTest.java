package dev.sessions.registry.security;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import io.quarkus.runtime.LaunchMode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The internal credential: required in production, generated in dev and test mode, and then never logged. */
class InternalCredentialTest {

    @Test
    void aGeneratedCredentialIsNeverLogged() {
        List<String> logged = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                logged.add(record.getMessage() + " " + Arrays.toString(record.getParameters()));
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        Logger logger = Logger.getLogger(InternalCredential.class.getName());
        logger.setLevel(Level.ALL);
        logger.addHandler(capture);
        LaunchMode before = LaunchMode.current();
        try {
            LaunchMode.set(LaunchMode.DEVELOPMENT);
            InternalCredential generated = new InternalCredential(Optional::empty);
            assertThat(logged).as("the warning that one was generated").isNotEmpty();
            for (String line : logged) {
                // the generated credential is 43 characters of base64url; no run of 20 such characters may appear
                assertThat(line).doesNotContainPattern("[A-Za-z0-9_-]{20,}");
            }
            assertThat(generated.accepts("Bearer " + "x".repeat(43))).isFalse();
        } finally {
            LaunchMode.set(before);
            logger.removeHandler(capture);
        }
    }

    @Test
    void productionRefusesToStartWithoutOne() {
        LaunchMode before = LaunchMode.current();
        try {
            LaunchMode.set(LaunchMode.NORMAL);
            assertThatThrownBy(() -> new InternalCredential(Optional::empty))
                    .hasMessageContaining("INTERNAL_API_TOKEN");
        } finally {
            LaunchMode.set(before);
        }
    }
}
