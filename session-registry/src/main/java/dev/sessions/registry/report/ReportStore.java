package dev.sessions.registry.report;

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
import io.vertx.mutiny.sqlclient.Tuple;

import dev.sessions.registry.device.Device;
import dev.sessions.registry.geo.Location;

/** The table {@code registry.session_report}: idempotent inserts, newest-first pages, resolving. */
@ApplicationScoped
public class ReportStore {

    private static final String COLUMNS = "id, user_id, email, note, reported_at, status, resolved_by, resolved_at, "
            + "session_id, session_created_at, session_last_activity_at, ip_address, location, device";
    private static final String INSERT = "INSERT INTO registry.session_report (id, user_id, email, note, reported_at, "
            + "session_id, session_created_at, session_last_activity_at, ip_address, location, device) "
            + "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT (id) DO NOTHING RETURNING id";
    private static final String PAGE = "SELECT " + COLUMNS + " FROM registry.session_report "
            + "WHERE ($1::text IS NULL OR status = $1) ORDER BY reported_at DESC, id DESC LIMIT $2 OFFSET $3";
    private static final String COUNT =
            "SELECT count(*) AS total FROM registry.session_report WHERE ($1::text IS NULL OR status = $1)";
    // resolving twice keeps the first admin and time
    private static final String RESOLVE = "UPDATE registry.session_report SET status = '" + Report.RESOLVED + "', "
            + "resolved_by = COALESCE(resolved_by, $2), resolved_at = COALESCE(resolved_at, $3) WHERE id = $1";

    private final Pool pool;
    private final ObjectMapper json;

    ReportStore(Pool pool, ObjectMapper json) {
        this.pool = pool;
        this.json = json;
    }

    /** Stores a report unless it is already stored; whether it was new. */
    public Uni<Boolean> insert(Report r) {
        Tuple row = Tuple.tuple()
                .addUUID(r.id())
                .addString(r.userId())
                .addString(r.email())
                .addString(r.note())
                .addOffsetDateTime(utc(r.reportedAt()))
                .addString(r.session().id())
                .addOffsetDateTime(utc(r.session().createdAt()))
                .addOffsetDateTime(utc(r.session().lastActivityAt()))
                .addString(r.session().ipAddress())
                .addValue(
                        r.session().location() == null
                                ? null
                                : JsonObject.mapFrom(r.session().location()))
                .addValue(
                        r.session().device() == null
                                ? null
                                : JsonObject.mapFrom(r.session().device()));
        return pool.preparedQuery(INSERT).execute(row).map(rows -> rows.size() > 0);
    }

    /** Reports of the status (null: any), newest first, from {@code offset}. */
    public Uni<List<Report>> page(String status, long offset, int limit) {
        return pool.preparedQuery(PAGE).execute(Tuple.of(status, limit, offset)).map(rows -> {
            List<Report> reports = new ArrayList<>(rows.size());
            for (Row row : rows) {
                reports.add(fromRow(row));
            }
            return reports;
        });
    }

    /** How many reports have the status (null: any). */
    public Uni<Long> count(String status) {
        return pool.preparedQuery(COUNT)
                .execute(Tuple.tuple().addString(status))
                .map(rows -> rows.iterator().next().getLong("total"));
    }

    /** Marks a report resolved; false when there is no such report. */
    public Uni<Boolean> resolve(UUID id, String adminId, Instant at) {
        return pool.preparedQuery(RESOLVE)
                .execute(Tuple.of(id, adminId, utc(at)))
                .map(rows -> rows.rowCount() > 0);
    }

    private Report fromRow(Row row) {
        return new Report(
                row.getUUID("id"),
                row.getString("user_id"),
                row.getString("email"),
                row.getString("note"),
                instant(row.getOffsetDateTime("reported_at")),
                row.getString("status"),
                row.getString("resolved_by"),
                instant(row.getOffsetDateTime("resolved_at")),
                new Report.ReportedSession(
                        row.getString("session_id"),
                        read(row.getValue("device"), Device.class),
                        row.getString("ip_address"),
                        read(row.getValue("location"), Location.class),
                        instant(row.getOffsetDateTime("session_created_at")),
                        instant(row.getOffsetDateTime("session_last_activity_at"))));
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

    private static OffsetDateTime utc(Instant at) {
        return at == null ? null : OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
    }

    private static Instant instant(OffsetDateTime at) {
        return at == null ? null : at.toInstant();
    }
}
