package dev.sessions.auth.recovery;

import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkiverse.resteasy.problem.HttpProblem;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowIterator;
import io.vertx.mutiny.sqlclient.Tuple;

import dev.sessions.auth.config.AuthConfig;
import dev.sessions.auth.error.Problems;
import dev.sessions.auth.history.HistoryEvent;
import dev.sessions.auth.history.HistoryOutbox;
import dev.sessions.auth.mail.AccountMail;
import dev.sessions.auth.mail.MailKind;
import dev.sessions.auth.mail.MailOutbox;
import dev.sessions.auth.mail.OutgoingMail;
import dev.sessions.auth.mail.SqlCalls;
import dev.sessions.auth.recovery.RecoveryMessages.ForgotRequest;
import dev.sessions.auth.recovery.RecoveryMessages.ResetRequest;
import dev.sessions.auth.session.SessionRegistry;
import dev.sessions.auth.user.AccountStates;
import dev.sessions.auth.user.PasswordHasher;
import dev.sessions.auth.user.UserRules;
import dev.sessions.contract.history.ActorType;
import dev.sessions.contract.history.EndReason;
import dev.sessions.contract.history.EventType;
import dev.sessions.contract.internal.RevokeUserRequest;

/**
 * Password reset by emailed link. Asking for a link does the same work for every well-formed email (two throttle
 * counters, one row queued) and answers the same; the account is looked up off the request path
 * ({@link ResetRequests}). Using a link sets the password, moves the account's epoch on and revokes every session
 * (PASSWORD_RESET) before it answers, so a sign-in or refresh in flight cannot keep a session (ADR 6, ADR 12).
 */
@ApplicationScoped
public class PasswordResetService {

    private static final String INVALID = "This reset link is invalid, used or expired; ask for a new one.";
    private static final String FIND = "SELECT t.user_id, u.email, u.display_name, u.roles FROM "
            + "auth.password_reset_token t JOIN auth.users u ON u.id = t.user_id WHERE t.token_hash = $1 "
            + "AND t.used_at IS NULL AND t.expires_at > $2 AND u.status = 'ACTIVE'";

    private final Pool pool;
    private final ResetThrottle throttle;
    private final MailOutbox outbox;
    private final AccountMail mail;
    private final PasswordHasher hasher;
    private final AccountStates accounts;
    private final SessionRegistry registry;
    private final HistoryOutbox history;
    private final AuthConfig config;
    private final Vertx vertx;
    private final Clock clock;

    PasswordResetService(
            Pool pool,
            ResetThrottle throttle,
            MailOutbox outbox,
            AccountMail mail,
            PasswordHasher hasher,
            AccountStates accounts,
            SessionRegistry registry,
            HistoryOutbox history,
            AuthConfig config,
            Vertx vertx,
            Clock clock) {
        this.pool = pool;
        this.throttle = throttle;
        this.outbox = outbox;
        this.mail = mail;
        this.hasher = hasher;
        this.accounts = accounts;
        this.registry = registry;
        this.history = history;
        this.config = config;
        this.vertx = vertx;
        this.clock = clock;
    }

    /** The account a valid token belongs to. */
    private record Holder(UUID userId, String email, String displayName, List<String> roles) {}

    /** Queues a reset request for a well-formed email (400 otherwise); 429 past either throttle. */
    public Uni<Void> forgot(ForgotRequest request, String address) {
        if (request == null) {
            return Uni.createFrom().failure(Problems.badRequest("A JSON body with email is required."));
        }
        String email = UserRules.email(request.email());
        return throttle.take(address, email)
                .chain(() -> SqlCalls.guarded(
                        vertx,
                        config.userStore().timeout(),
                        () -> outbox.insert(
                                new OutgoingMail(MailKind.RESET_REQUEST, email, Map.of()), clock.instant())))
                .invoke(mail::nudge);
    }

    /**
     * Sets a new password with a valid token (400 for a weak password or an unknown, used or expired token), then
     * moves the account's epoch on, revokes every session and records PASSWORD_RESET. Should the registry fail after
     * the password was set, the token is given back, so that the same link can finish the job (503 meanwhile).
     */
    public Uni<Void> reset(ResetRequest request, String ip, String userAgent) {
        if (request == null) {
            return Uni.createFrom().failure(Problems.badRequest("A JSON body with token and newPassword is required."));
        }
        String password = UserRules.newPassword(request.newPassword(), "newPassword");
        String hash = ResetToken.hash(request.token()).orElseThrow(() -> Problems.badRequest(INVALID));
        Instant now = clock.instant();
        return sql(() -> pool.preparedQuery(FIND).execute(Tuple.of(hash, ResetRequests.utc(now))))
                .map(rows -> holder(rows.iterator()))
                .chain(holder -> hasher.hash(password)
                        .chain(passwordHash -> setPassword(hash, holder, passwordHash, now))
                        .chain(() -> endSessions(holder, now, ip, userAgent)
                                .onFailure()
                                .call(() -> giveBack(hash))))
                .invoke(mail::nudge);
    }

    private Holder holder(RowIterator<Row> rows) {
        if (!rows.hasNext()) {
            throw Problems.badRequest(INVALID);
        }
        Row row = rows.next();
        List<String> roles = Arrays.stream(row.getString("roles").split(","))
                .map(String::trim)
                .filter(role -> !role.isEmpty())
                .toList();
        return new Holder(row.getUUID("user_id"), row.getString("email"), row.getString("display_name"), roles);
    }

    /** Uses the token (once: two racing resets cannot both pass), sets the password, queues the notice; one commit. */
    private Uni<Void> setPassword(String tokenHash, Holder holder, String passwordHash, Instant now) {
        return sql(() -> pool.withTransaction(connection -> connection
                .preparedQuery("UPDATE auth.password_reset_token SET used_at = $2 WHERE token_hash = $1 "
                        + "AND used_at IS NULL AND expires_at > $2")
                .execute(Tuple.of(tokenHash, ResetRequests.utc(now)))
                .invoke(used -> {
                    if (used.rowCount() != 1) {
                        throw Problems.badRequest(INVALID);
                    }
                })
                .chain(() -> connection
                        .preparedQuery("UPDATE auth.users SET password_hash = $2 WHERE id = $1")
                        .execute(Tuple.of(holder.userId(), passwordHash)))
                .chain(() -> outbox.insert(
                        connection, mail.passwordWasResetMessage(holder.email(), holder.displayName(), now), now))));
    }

    private Uni<Void> endSessions(Holder holder, Instant now, String ip, String userAgent) {
        String userId = holder.userId().toString();
        return accounts.change(userId, false, holder.roles())
                .chain(() -> registry.revokeAll(
                        userId, RevokeUserRequest.of(EndReason.PASSWORD_RESET, ActorType.USER, userId, null)))
                .chain(() ->
                        history.append(new HistoryEvent(EventType.PASSWORD_RESET, now, userId, null, ip, userAgent)))
                .onFailure(failure -> !(failure instanceof HttpProblem))
                .transform(failure -> Problems.unavailable("The session store is unavailable; try again shortly."));
    }

    private Uni<Void> giveBack(String tokenHash) {
        return pool.preparedQuery("UPDATE auth.password_reset_token SET used_at = NULL WHERE token_hash = $1")
                .execute(Tuple.of(tokenHash))
                .replaceWithVoid()
                .onFailure()
                .recoverWithNull();
    }

    private <T> Uni<T> sql(Supplier<Uni<T>> call) {
        return SqlCalls.guarded(vertx, config.userStore().timeout(), call);
    }
}
