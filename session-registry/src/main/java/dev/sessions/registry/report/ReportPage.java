package dev.sessions.registry.report;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One page of reports, newest first. */
@Schema(name = "ReportPage")
public record ReportPage(
        List<Report> items,

        @Schema(description = "Page number, from 0", example = "0")
        int page,

        @Schema(description = "Page size", example = "20") int size,

        @Schema(description = "How many reports match", example = "1")
        long total) {}
