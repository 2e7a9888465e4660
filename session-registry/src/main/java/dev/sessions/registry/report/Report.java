package dev.sessions.registry.report;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import dev.sessions.contract.history.OutboxEntry;
import dev.sessions.registry.device.Device;
import dev.sessions.registry.geo.Location;
import dev.sessions.registry.history.HistoryEvent;

/** A session its user reported to the admins, with a copy of the session as it was when reported. */
@Schema(name = "Report", description = "A session reported by its user")
public record Report(
        UUID id,
        String userId,

        @Schema(description = "The reporter's email when they reported", nullable = true)
        String email,

        @Schema(
                description = "The reporter's note, at most 1,000 characters",
                nullable = true,
                example = "Not me: I have no iPhone")
        String note,

        Instant reportedAt,

        @Schema(enumeration = {Report.OPEN, Report.RESOLVED})
        String status,

        @Schema(description = "User id of the admin who resolved it", nullable = true)
        String resolvedBy,

        @Schema(nullable = true) Instant resolvedAt,
        ReportedSession session) {

    public static final String OPEN = "OPEN";
    public static final String RESOLVED = "RESOLVED";

    private static final String REPORT_ID = OutboxEntry.REPORT_FIELDS.get(0);
    private static final String NOTE = OutboxEntry.REPORT_FIELDS.get(1);
    private static final String EMAIL = OutboxEntry.REPORT_FIELDS.get(2);
    private static final String CREATED = OutboxEntry.REPORT_FIELDS.get(3);
    private static final String LAST_ACTIVITY = OutboxEntry.REPORT_FIELDS.get(4);

    /** The reported session, as it was when reported. */
    @Schema(name = "ReportedSession")
    public record ReportedSession(
            String id,
            Device device,
            @Schema(nullable = true) String ipAddress,
            @Schema(nullable = true) Location location,
            @Schema(nullable = true) Instant createdAt,
            @Schema(nullable = true) Instant lastActivityAt) {}

    /**
     * The open report a {@code SESSION_REPORTED} event carries ({@link OutboxEntry#REPORT_FIELDS} in its details), or
     * null for an entry without a usable report id.
     */
    public static Report filed(HistoryEvent event, Map<String, String> details) {
        UUID id;
        try {
            id = UUID.fromString(details.getOrDefault(REPORT_ID, ""));
        } catch (IllegalArgumentException e) {
            return null;
        }
        return new Report(
                id,
                event.userId(),
                details.get(EMAIL),
                details.get(NOTE),
                event.at(),
                OPEN,
                null,
                null,
                new ReportedSession(
                        event.sessionId(),
                        event.device(),
                        event.ipAddress(),
                        event.location(),
                        millis(details.get(CREATED)),
                        millis(details.get(LAST_ACTIVITY))));
    }

    private static Instant millis(String value) {
        try {
            return value == null ? null : Instant.ofEpochMilli(Long.parseLong(value));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
