package dev.sessions.contract.history;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What a writer appends to the outbox, the drain reads back; what it cannot read, it says why. */
class OutboxEntryTest {

    private static final Instant AT = Instant.ofEpochMilli(1_700_000_000_123L);

    @Test
    void anEntryRoundTripsThroughItsStreamFields() {
        OutboxEntry written = OutboxEntry.of(
                EventType.SIGN_IN_FAILED, AT, "u1", null, ActorType.USER, "u1", "8.8.8.8", "Mozilla/5.0");
        Map<String, String> fields = toMap(written.fields());
        assertThat(fields)
                .containsEntry("type", "SIGN_IN_FAILED")
                .containsEntry("at", "1700000000123")
                .containsEntry("ua", "Mozilla/5.0")
                .doesNotContainKeys("sessionId", "reason");

        OutboxEntry.Decoded read = OutboxEntry.decode(fields);
        assertThat(read).isInstanceOf(OutboxEntry.Decoded.Event.class);
        assertThat(((OutboxEntry.Decoded.Event) read).entry()).isEqualTo(written);
    }

    @Test
    void deviceAndLocationFieldsAreKeptAsTheyCame() {
        Map<String, String> fields = new HashMap<>(Map.of(
                "type",
                "REVOKED",
                "reason",
                "SESSION_LIMIT",
                "at",
                "1",
                "userId",
                "u1",
                "actorType",
                "SYSTEM",
                "dt",
                "Computer",
                "cc",
                "SE",
                "city",
                ""));
        OutboxEntry entry = ((OutboxEntry.Decoded.Event) OutboxEntry.decode(fields)).entry();
        assertThat(entry.reason()).isEqualTo(EndReason.SESSION_LIMIT);
        assertThat(entry.details()).containsOnly(Map.entry("dt", "Computer"), Map.entry("cc", "SE"));
    }

    @Test
    void theSecondFactorOfASignInTravelsWithItsEvent() {
        Map<String, String> fields =
                Map.of("type", "SIGNED_IN", "at", "1", "userId", "u1", "actorType", "USER", "mfa", "1", "other", "x");

        OutboxEntry entry = ((OutboxEntry.Decoded.Event) OutboxEntry.decode(fields)).entry();

        assertThat(entry.details()).containsOnly(Map.entry(OutboxEntry.MFA, "1"));
    }

    @Test
    void aReportTravelsWithItsEventAndOnlyWithThatType() {
        Map<String, String> fields = new HashMap<>(Map.of(
                "type", "SESSION_REPORTED",
                "at", "1",
                "userId", "u1",
                "actorType", "USER",
                "reportId", "r1",
                "note", "not me",
                "email", "u1@example.test",
                "c", "5",
                "l", "7"));
        assertThat(((OutboxEntry.Decoded.Event) OutboxEntry.decode(fields))
                        .entry()
                        .details())
                .containsOnly(
                        Map.entry("reportId", "r1"),
                        Map.entry("note", "not me"),
                        Map.entry("email", "u1@example.test"),
                        Map.entry("c", "5"),
                        Map.entry("l", "7"));

        fields.put("type", "REVOKED");
        assertThat(((OutboxEntry.Decoded.Event) OutboxEntry.decode(fields))
                        .entry()
                        .details())
                .isEmpty();
    }

    @Test
    void whatThisVersionCannotStoreIsRejectedWithItsReason() {
        Map<String, String> valid = Map.of("type", "SIGNED_IN", "at", "1", "userId", "u1", "actorType", "USER");
        assertThat(why(with(valid, "type", "SOMETHING_NEW"))).contains("unknown event type SOMETHING_NEW");
        assertThat(why(with(valid, "actorType", "ROBOT"))).contains("unknown actor type ROBOT");
        assertThat(why(with(with(valid, "type", "EXPIRED"), "reason", "SESSION_LIMIT")))
                .contains("unknown reason SESSION_LIMIT for EXPIRED");
        assertThat(why(with(valid, "userId", ""))).contains("no userId");
        assertThat(why(with(valid, "at", "yesterday"))).contains("no userId or at");
        assertThat(why(Map.of())).contains("empty");
    }

    private static String why(Map<String, String> fields) {
        OutboxEntry.Decoded decoded = OutboxEntry.decode(fields);
        assertThat(decoded).isInstanceOf(OutboxEntry.Decoded.Rejected.class);
        return ((OutboxEntry.Decoded.Rejected) decoded).why();
    }

    private static Map<String, String> with(Map<String, String> fields, String name, String value) {
        Map<String, String> copy = new HashMap<>(fields);
        copy.put(name, value);
        return copy;
    }

    private static Map<String, String> toMap(List<String> fields) {
        Map<String, String> map = new HashMap<>();
        for (int i = 0; i < fields.size(); i += 2) {
            map.put(fields.get(i), fields.get(i + 1));
        }
        return map;
    }
}
