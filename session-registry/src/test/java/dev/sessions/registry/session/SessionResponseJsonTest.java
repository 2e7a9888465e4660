package dev.sessions.registry.session;

import java.time.Instant;
import java.util.List;

import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import dev.sessions.contract.session.SessionFlag;
import dev.sessions.registry.device.Device;
import dev.sessions.registry.geo.Location;
import dev.sessions.registry.support.TestEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/** The registry writes a session as Jackson's own serializer of the record would, field for field. */
@QuarkusTest
@WithTestResource(value = TestEnvironment.class, scope = TestResourceScope.GLOBAL)
class SessionResponseJsonTest {

    /** Jackson as it writes the record without the registry's serializers: the wire format the contract shows. */
    private static final ObjectMapper JACKSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    @Inject
    ObjectMapper mapper;

    @Test
    void theApplicationsMapperWritesSessionsThroughIt() throws Exception {
        assertThat(mapper.getSerializerProviderInstance().findValueSerializer(SessionResponse.class))
                .isInstanceOf(SessionResponseJson.Writer.class);
    }

    @Test
    void everySessionReadsAsJacksonWouldWriteTheRecord() throws Exception {
        Instant created = Instant.ofEpochMilli(1_795_000_000_123L);
        List<SessionResponse> sessions = List.of(
                new SessionResponse(
                        "GaLC-hMoGI7n3ZmDTtfDQgTQ",
                        true,
                        new Device("Computer", "Windows", "10", "Chrome", "120.0.0"),
                        "81.2.69.142",
                        new Location("London", "United Kingdom", "GB"),
                        created,
                        created.plusSeconds(3_600),
                        created.plusMillis(30L * 24 * 3_600_000),
                        true,
                        true,
                        List.of(SessionFlag.values())),
                new SessionResponse(
                        "x",
                        false,
                        Device.unknown(),
                        null,
                        null,
                        Instant.EPOCH,
                        Instant.ofEpochSecond(1, 500),
                        Instant.parse("2026-12-31T23:59:59Z"),
                        false,
                        false,
                        List.of()),
                new SessionResponse(
                        "\"quoted\\\" \u0001 é 漢字 😀",
                        false,
                        new Device("Tablet", "iOS", null, "Safari \"Mobile\"", null),
                        "2001:db8::1",
                        new Location(null, "Côte d'Ivoire", "CI"),
                        null,
                        null,
                        null,
                        false,
                        true,
                        List.of(SessionFlag.NEW_COUNTRY)),
                new SessionResponse(
                        null,
                        false,
                        null,
                        null,
                        new Location("Zürich", null, null),
                        null,
                        null,
                        null,
                        false,
                        false,
                        null));
        for (SessionResponse session : sessions) {
            assertThat(mapper.writeValueAsString(session)).isEqualTo(JACKSON.writeValueAsString(session));
        }
        assertThat(mapper.writeValueAsString(sessions)).isEqualTo(JACKSON.writeValueAsString(sessions));
    }
}
