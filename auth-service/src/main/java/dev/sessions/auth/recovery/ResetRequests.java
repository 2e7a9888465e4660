package dev.sessions.auth.recovery;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowIterator;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import org.jboss.logging.Logger;

import dev.sessions.auth.config.AuthConfig;
import dev.sessions.auth.mail.AccountMail;
import dev.sessions.auth.mail.MailOutbox;
import dev.sessions.auth.mail.MailOutbox.Claimed;

/**
 * Resolves a reset request of {@code POST /auth/password/forgot}, off its request path (the request only queued it, the
 * same work for every email): for an active account, in one transaction, a new token replaces the account's others
 * (a newer link voids older ones) and the mail with the link is queued; for an unknown or deactivated account, nothing.
 * Either way the request is taken out of the outbox in that transaction.
 */
@ApplicationScoped
public class ResetRequests {

    private static final Logger LOG = Logger.getLogger(ResetRequests.class);

    private final Pool pool;
    private final MailOutbox outbox;
    private final AccountMail mail;
    private final AuthConfig.PasswordReset config;
    private final Clock clock;

    ResetRequests(Pool pool, MailOutbox outbox, AccountMail mail, AuthConfig config, Clock clock) {
        this.pool = pool;
        this.outbox = outbox;
        this.mail = mail;
        this.config = config.passwordReset();
        this.clock = clock;
    }

    /** Resolves one claimed request. */
    public Uni<Void> resolve(Claimed request) {
        Instant now = clock.instant();
        return pool.withTransaction(connection -> connection
                        .preparedQuery("DELETE FROM auth.mail_outbox WHERE id = $1")
                        .execute(Tuple.of(request.id()))
                        .chain(() -> connection
                                .preparedQuery(
                                        "SELECT id, email, display_name, status FROM auth.users WHERE lower(email) = $1")
                                .execute(Tuple.of(request.recipient().trim().toLowerCase(Locale.ROOT))))
                        .chain(rows -> {
                            RowIterator<Row> found = rows.iterator();
                            Row user = found.hasNext() ? found.next() : null;
                            if (user == null || !"ACTIVE".equals(user.getString("status"))) {
                                LOG.infof("reset request %s: no active account, no mail", request.id());
                                return Uni.createFrom().item(false);
                            }
                            return issue(connection, user, now).replaceWith(true);
                        }))
                .invoke(issued -> {
                    if (issued) {
                        mail.nudge();
                    }
                })
                .replaceWithVoid();
    }

    private Uni<Void> issue(SqlConnection connection, Row user, Instant now) {
        UUID userId = user.getUUID("id");
        String token = ResetToken.generate();
        String hash = ResetToken.hash(token).orElseThrow();
        return connection
                .preparedQuery("DELETE FROM auth.password_reset_token WHERE user_id = $1 OR expires_at < $2")
                .execute(Tuple.of(userId, utc(now)))
                .chain(() -> connection
                        .preparedQuery("INSERT INTO auth.password_reset_token (token_hash, user_id, created_at, "
                                + "expires_at) VALUES ($1, $2, $3, $4)")
                        .execute(Tuple.of(hash, userId, utc(now), utc(now.plus(config.ttl())))))
                .chain(() -> outbox.insert(
                        connection,
                        mail.passwordResetMessage(user.getString("email"), user.getString("display_name"), token),
                        now));
    }

    static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
