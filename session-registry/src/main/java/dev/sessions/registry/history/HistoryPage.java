package dev.sessions.registry.history;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One page of history, newest first, and the cursor of the next page. */
@Schema(name = "HistoryPage")
public record HistoryPage(
        List<HistoryEventResponse> events,

        @Schema(
                nullable = true,
                description = "Pass as before= to get the next page; null on the last page",
                example = "MTc5NjU1MTIwMH4wfjNmMWMyYTllLTViN2QtNGMxZS05YTJiLTZkOGUwZjRhMWIyYw")
        String next) {}
