package dev.sessions.registry.history;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/** One page of history, newest first, and the cursor of the next page. */
@Schema(name = "HistoryPage")
public record HistoryPage(
        List<HistoryEventResponse> events,
        @Schema(nullable = true, description = "Pass as before= to get the next page; null on the last page") String next) {
}
