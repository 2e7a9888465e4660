package dev.sessions.registry.history;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

import dev.sessions.contract.history.EventType;
import dev.sessions.registry.device.Device;
import dev.sessions.registry.geo.Location;
import dev.sessions.registry.session.SignInFlags;

/** The history table {@code registry.history_event}: idempotent batch inserts and keyset pages. */
@ApplicationScoped
public class HistoryStore {

    private static final String INSERT = "INSERT INTO registry.history_event "
            + "(id, user_id, session_id, type, reason, at, actor_type, actor_id, ip_address, location, device, mfa, "
            + "flags) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) ON CONFLICT (id) DO NOTHING";
    private static final String PAGE = "SELECT id, user_id, session_id, type, reason, at, actor_type, actor_id, "
            + "ip_address, location, device, mfa, flags FROM registry.history_event "
            + "WHERE user_id = $1 AND (at, id) < ($2, $3) ORDER BY at DESC, id DESC LIMIT $4";
    private static final UUID MAX_UUID = new UUID(-1L, -1L);

    private final Pool pool;
    private final ObjectMapper json;

    HistoryStore(Pool pool, ObjectMapper json) {
        this.pool = pool;
        this.json = json;
    }

    /**
     * Inserts the events in one transaction; events already stored are left as they are.
     *
     * @return the events this call inserted (a batch retried after its commit inserts none of them again)
     */
    public Uni<List<HistoryEvent>> insertAll(List<HistoryEvent> events) {
        if (events.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        List<Tuple> rows = events.stream().map(this::toRow).toList();
        return pool.withTransaction(conn -> conn.preparedQuery(INSERT).executeBatch(rows))
                .map(result -> inserted(events, result));
    }

    /** A batch answers one row set per event, in order, each with the rows it inserted (0 on a conflict). */
    private static List<HistoryEvent> inserted(List<HistoryEvent> events, RowSet<Row> result) {
        List<HistoryEvent> inserted = new ArrayList<>(events.size());
        RowSet<Row> rows = result;
        for (int i = 0; i < events.size() && rows != null; i++, rows = rows.next()) {
            if (rows.rowCount() > 0) {
                inserted.add(events.get(i));
            }
        }
        return inserted;
    }

    /** Up to {@code limit} events of a user older than the position (at, id), newest first. */
    public Uni<List<HistoryEvent>> before(String userId, Instant at, UUID id, int limit) {
        Tuple args = Tuple.tuple()
                .addString(userId)
                .addOffsetDateTime(OffsetDateTime.ofInstant(at, ZoneOffset.UTC))
                .addUUID(id == null ? MAX_UUID : id)
                .addInteger(limit);
        return pool.preparedQuery(PAGE).execute(args).map(rows -> {
            List<HistoryEvent> events = new ArrayList<>(rows.size());
            for (Row row : rows) {
                events.add(fromRow(row));
            }
            return events;
        });
    }

    private Tuple toRow(HistoryEvent e) {
        return Tuple.tuple()
                .addUUID(e.id())
                .addString(e.userId())
                .addString(e.sessionId())
                .addString(e.type())
                .addString(e.reason())
                .addOffsetDateTime(OffsetDateTime.ofInstant(e.at(), ZoneOffset.UTC))
                .addString(e.actorType())
                .addString(e.actorId())
                .addString(e.ipAddress())
                .addValue(e.location() == null ? null : JsonObject.mapFrom(e.location()))
                .addValue(e.device() == null ? null : JsonObject.mapFrom(e.device()))
                .addBoolean(e.mfa())
                .addString(e.flags() == null ? null : SignInFlags.join(e.flags()));
    }

    private HistoryEvent fromRow(Row row) {
        return new HistoryEvent(
                row.getUUID("id"),
                row.getString("user_id"),
                row.getString("session_id"),
                row.getString("type"),
                row.getString("reason"),
                row.getOffsetDateTime("at").toInstant(),
                row.getString("actor_type"),
                row.getString("actor_id"),
                row.getString("ip_address"),
                read(row.getValue("location"), Location.class),
                read(row.getValue("device"), Device.class),
                row.getBoolean("mfa"),
                EventType.SIGNED_IN.name().equals(row.getString("type"))
                        ? SignInFlags.parse(row.getString("flags"))
                        : null);
    }

    private <T> T read(Object value, Class<T> type) {
        if (value == null) {
            return null;
        }
        try {
            return json.readValue(value.toString(), type);
        } catch (JsonProcessingException e) {
            return null;
        }
    }
}
