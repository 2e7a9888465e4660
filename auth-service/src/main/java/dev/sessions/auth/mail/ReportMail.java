package dev.sessions.auth.mail;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

import dev.sessions.contract.revocation.ChannelMessage;

/**
 * Mails every active admin of a session a user reported (the registry announces it on the revocation channel). Every
 * auth-service instance hears the announcement; the first to record the report in {@code auth.report_notice} queues
 * the messages in the same transaction, so admins get one message per report however many instances hear it.
 */
@ApplicationScoped
public class ReportMail {

    private static final String FIRST = "INSERT INTO auth.report_notice (report_id, queued_at) VALUES ($1, $2) "
            + "ON CONFLICT (report_id) DO NOTHING";
    private static final String ADMINS = "SELECT email, display_name FROM auth.users WHERE status = 'ACTIVE' "
            + "AND (',' || roles || ',') LIKE '%,admin,%'";

    private final Pool pool;
    private final MailOutbox outbox;
    private final AccountMail mail;
    private final Clock clock;

    ReportMail(Pool pool, MailOutbox outbox, AccountMail mail, Clock clock) {
        this.pool = pool;
        this.outbox = outbox;
        this.mail = mail;
        this.clock = clock;
    }

    /** Queues "A session was reported" for every active admin, once per report, and has it sent. */
    public Uni<Void> reported(ChannelMessage.Reported report) {
        UUID reportId;
        try {
            reportId = UUID.fromString(report.reported());
        } catch (IllegalArgumentException e) {
            return Uni.createFrom().voidItem();
        }
        Instant now = clock.instant();
        return pool.withTransaction(client -> client.preparedQuery(FIRST)
                        .execute(Tuple.of(reportId, now.atOffset(ZoneOffset.UTC)))
                        .chain(first -> first.rowCount() == 0
                                ? Uni.createFrom().voidItem()
                                : client.query(ADMINS).execute().chain(admins -> queue(client, report, admins, now))))
                .invoke(mail::nudge);
    }

    private Uni<Void> queue(SqlClient client, ChannelMessage.Reported report, RowSet<Row> admins, Instant now) {
        Uni<Void> queued = Uni.createFrom().voidItem();
        for (Row admin : admins) {
            OutgoingMail message =
                    mail.sessionReportedMessage(report, admin.getString("email"), admin.getString("display_name"));
            // one statement after the other: a transaction's connection runs one at a time
            queued = queued.chain(() -> outbox.insert(client, message, now));
        }
        return queued;
    }
}
