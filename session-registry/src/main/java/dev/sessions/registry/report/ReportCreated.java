package dev.sessions.registry.report;

import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The answer to a report: its id. */
@Schema(name = "ReportCreated")
public record ReportCreated(UUID reportId) {}
