package dev.sessions.registry.config;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.SplittableRandom;

import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import dev.sessions.registry.support.TestEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/** The registry writes instants as Jackson's own serializer does (ISO_INSTANT), through a faster path. */
@QuarkusTest
@WithTestResource(value = TestEnvironment.class, scope = TestResourceScope.GLOBAL)
class InstantJsonTest {

    @Inject
    ObjectMapper mapper;

    @Test
    void theApplicationsMapperWritesInstantsThroughIt() throws Exception {
        assertThat(mapper.getSerializerProviderInstance().findValueSerializer(Instant.class))
                .isInstanceOf(InstantJson.Writer.class);
        assertThat(mapper.writeValueAsString(Instant.ofEpochMilli(1_795_000_000_123L)))
                .isEqualTo("\"2026-11-18T11:06:40.123Z\"");
    }

    @Test
    void everyInstantReadsAsIsoInstantWouldWriteIt() throws Exception {
        SplittableRandom random = new SplittableRandom(16);
        for (int i = 0; i < 200_000; i++) {
            long seconds = random.nextLong(-100_000_000_000L, 400_000_000_000L);
            int nano = switch (i % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(1000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1_000;
                default -> random.nextInt(1_000_000_000);
            };
            assertWritten(Instant.ofEpochSecond(seconds, nano));
        }
        for (Instant edge : new Instant[] {
            Instant.EPOCH,
            Instant.ofEpochSecond(-1),
            Instant.ofEpochSecond(253_402_300_799L, 999_999_999),
            Instant.ofEpochSecond(253_402_300_800L),
            Instant.parse("2024-02-29T23:59:59.010Z"),
            Instant.MIN,
            Instant.MAX
        }) {
            assertWritten(edge);
        }
    }

    private void assertWritten(Instant instant) throws Exception {
        String expected = DateTimeFormatter.ISO_INSTANT.format(instant);
        assertThat(InstantJson.format(instant)).isEqualTo(expected);
        assertThat(mapper.writeValueAsString(instant)).isEqualTo("\"" + expected + "\"");
    }
}
