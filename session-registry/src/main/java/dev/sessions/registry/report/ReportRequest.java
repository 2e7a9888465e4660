package dev.sessions.registry.report;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What a user says when reporting a session. */
@Schema(name = "ReportRequest")
public record ReportRequest(
        @Schema(
                description = "Optional note for the admins, at most 1,000 characters",
                nullable = true,
                example = "Not me: I have no iPhone")
        String note) {}
