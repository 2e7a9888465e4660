package dev.sessions.auth.mail;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The mail outbox in PostgreSQL ({@code auth.mail_outbox}, ADR 12): a message is inserted in the transaction of the
 * change it tells about, claimed by one instance at a time for a lease ({@code FOR UPDATE SKIP LOCKED}, then
 * {@code claimed_until}), deleted once sent, put back with a later {@code next_attempt_at} after a failure, and
 * dead-lettered after the last attempt.
 */
@ApplicationScoped
public class MailOutbox {

    private static final TypeReference<Map<String, String>> DATA = new TypeReference<>() {};
    private static final int MAX_ERROR = 1000;
    private static final String INSERT = "INSERT INTO auth.mail_outbox (id, kind, recipient, data, created_at, "
            + "next_attempt_at) VALUES ($1, $2, $3, $4, $5, $5)";
    private static final String CLAIM = "UPDATE auth.mail_outbox SET claimed_until = $2, attempts = attempts + 1 "
            + "WHERE id IN (SELECT id FROM auth.mail_outbox WHERE dead_at IS NULL AND next_attempt_at <= $1 "
            + "AND (claimed_until IS NULL OR claimed_until <= $1) ORDER BY next_attempt_at LIMIT $3 "
            + "FOR UPDATE SKIP LOCKED) RETURNING id, kind, recipient, data, attempts";

    private final Pool pool;
    private final ObjectMapper json;

    MailOutbox(Pool pool, ObjectMapper json) {
        this.pool = pool;
        this.json = json;
    }

    /** A message claimed by this instance: the attempt it is on (1 for the first). */
    public record Claimed(UUID id, MailKind kind, String recipient, Map<String, String> data, int attempt) {}

    /** Inserts a message, due now, with the transaction (or connection) of the caller. */
    public Uni<Void> insert(SqlClient client, OutgoingMail mail, Instant now) {
        return client.preparedQuery(INSERT)
                .execute(Tuple.of(UUID.randomUUID(), mail.kind().name(), mail.recipient(), write(mail), utc(now)))
                .replaceWithVoid();
    }

    /** Inserts a message on its own. */
    public Uni<Void> insert(OutgoingMail mail, Instant now) {
        return insert(pool, mail, now);
    }

    /** Claims up to {@code limit} due messages for {@code lease}; another instance skips them until it has passed. */
    public Uni<List<Claimed>> claim(Instant now, int limit, Duration lease) {
        return pool.preparedQuery(CLAIM)
                .execute(Tuple.of(utc(now), utc(now.plus(lease)), limit))
                .map(rows -> {
                    List<Claimed> claimed = new ArrayList<>();
                    for (Row row : rows) {
                        claimed.add(new Claimed(
                                row.getUUID("id"),
                                MailKind.valueOf(row.getString("kind")),
                                row.getString("recipient"),
                                read(row.getString("data")),
                                row.getInteger("attempts")));
                    }
                    return claimed;
                });
    }

    /** Removes a message that was sent (or resolved). */
    public Uni<Void> done(UUID id) {
        return pool.preparedQuery("DELETE FROM auth.mail_outbox WHERE id = $1")
                .execute(Tuple.of(id))
                .replaceWithVoid();
    }

    /** Releases a message for another attempt at {@code next}. */
    public Uni<Void> retryAt(UUID id, Instant next, String error) {
        return pool.preparedQuery("UPDATE auth.mail_outbox SET claimed_until = NULL, next_attempt_at = $2, "
                        + "last_error = $3 WHERE id = $1")
                .execute(Tuple.of(id, utc(next), truncate(error)))
                .replaceWithVoid();
    }

    /**
     * Dead-letters a message: kept with its last error for a person to look at, never tried again. A reset link is
     * blanked: it would be expired by the time anyone looks, and it must not lie around.
     */
    public Uni<Void> dead(UUID id, Instant now, String error) {
        return pool.preparedQuery("UPDATE auth.mail_outbox SET claimed_until = NULL, dead_at = $2, last_error = $3, "
                        + "data = CASE WHEN kind = 'PASSWORD_RESET' THEN '{}' ELSE data END WHERE id = $1")
                .execute(Tuple.of(id, utc(now), truncate(error)))
                .replaceWithVoid();
    }

    private String write(OutgoingMail mail) {
        try {
            return json.writeValueAsString(mail.data());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private Map<String, String> read(String data) {
        try {
            return json.readValue(data, DATA);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static String truncate(String error) {
        return error == null || error.length() <= MAX_ERROR ? error : error.substring(0, MAX_ERROR);
    }
}
