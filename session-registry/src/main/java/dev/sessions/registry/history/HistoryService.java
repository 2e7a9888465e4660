package dev.sessions.registry.history;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;

import io.smallrye.mutiny.Uni;

import dev.sessions.contract.schema.SchemaMigration;
import dev.sessions.registry.config.RegistryConfig;
import dev.sessions.registry.error.Problems;

/** Pages of a user's history, newest first, with an opaque cursor (a position in (at, id) order). */
@ApplicationScoped
public class HistoryService {

    private static final Instant END_OF_TIME = Instant.parse("9999-12-31T23:59:59Z");
    // what PostgreSQL's timestamptz and the cursor can hold without overflowing on the way
    private static final Instant START_OF_TIME = Instant.parse("0001-01-01T00:00:00Z");
    private static final String BAD_CURSOR = "before must be a cursor from a previous page or an ISO-8601 instant.";

    private final HistoryStore store;
    private final SchemaMigration schema;
    private final Duration schemaWait;
    private final int defaultLimit;
    private final int maxLimit;

    HistoryService(HistoryStore store, SchemaMigration schema, RegistryConfig config) {
        this.store = store;
        this.schema = schema;
        this.schemaWait = config.history().schemaWait();
        this.defaultLimit = config.history().defaultPageSize();
        this.maxLimit = config.history().maxPageSize();
    }

    /**
     * One page of the user's history.
     *
     * @param limit  page size; null for the default, larger than the maximum is treated as the maximum
     * @param before a cursor from a previous page, an ISO-8601 instant, or null for the newest events
     */
    public Uni<HistoryPage> page(String userId, Integer limit, String before) {
        if (limit != null && limit < 1) {
            throw Problems.problem(Response.Status.BAD_REQUEST, "limit must be at least 1.");
        }
        int size = limit == null ? defaultLimit : Math.min(limit, maxLimit);
        Position from = before == null || before.isBlank() ? new Position(END_OF_TIME, null) : Position.parse(before);
        return schema.migrated(schemaWait)
                .chain(() -> store.before(userId, from.at(), from.id(), size + 1))
                .onFailure()
                .transform(f -> Problems.problem(
                        Response.Status.SERVICE_UNAVAILABLE, "The history cannot be read right now; try again later."))
                .map(events -> {
                    List<HistoryEvent> shown = events.size() > size ? events.subList(0, size) : events;
                    String next = events.size() > size
                            ? Position.of(shown.get(size - 1)).encode()
                            : null;
                    return new HistoryPage(
                            shown.stream().map(HistoryEventResponse::of).toList(), next);
                });
    }

    /** A place in (at, id) order. */
    private record Position(Instant at, UUID id) {

        static Position of(HistoryEvent event) {
            return new Position(event.at(), event.id());
        }

        static Position parse(String text) {
            Position position;
            try {
                position = new Position(Instant.parse(text), null);
            } catch (DateTimeParseException notAnInstant) {
                position = decode(text);
            }
            if (position.at().isBefore(START_OF_TIME) || position.at().isAfter(END_OF_TIME)) {
                throw Problems.problem(Response.Status.BAD_REQUEST, BAD_CURSOR);
            }
            return position;
        }

        private static Position decode(String cursor) {
            try {
                String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("~");
                if (parts.length != 3) {
                    throw new IllegalArgumentException("cursor");
                }
                long nanos = Long.parseLong(parts[1]);
                if (nanos < 0 || nanos > 999_999_999) {
                    throw new IllegalArgumentException("cursor");
                }
                return new Position(Instant.ofEpochSecond(Long.parseLong(parts[0]), nanos), UUID.fromString(parts[2]));
            } catch (IllegalArgumentException | DateTimeException e) {
                throw Problems.problem(Response.Status.BAD_REQUEST, BAD_CURSOR);
            }
        }

        String encode() {
            String text = at.getEpochSecond() + "~" + at.getNano() + "~" + id;
            return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
        }
    }
}
