package dev.sessions.auth.mfa;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import org.jboss.logging.Logger;

import dev.sessions.auth.config.AuthConfig;
import dev.sessions.auth.error.Problems;
import dev.sessions.auth.mail.MailOutbox;
import dev.sessions.auth.mail.OutgoingMail;

/**
 * The two-factor tables ({@code auth.mfa_totp}, {@code auth.mfa_recovery_code}) with plain SQL: every rule that must
 * hold under concurrent requests (a code's step accepted once, a recovery code spent once, a confirmation against the
 * set-up it was made for) is one conditional statement whose row count decides. A PostgreSQL failure is a 503.
 */
@ApplicationScoped
public class MfaStore {

    private static final Logger LOG = Logger.getLogger(MfaStore.class);

    private final Pool pool;
    private final MailOutbox outbox;
    private final AuthConfig config;

    MfaStore(Pool pool, MailOutbox outbox, AuthConfig config) {
        this.pool = pool;
        this.outbox = outbox;
        this.config = config;
    }

    /** An account's TOTP row: the sealed secret, when it was turned on (null while unconfirmed). */
    public record TotpRow(String sealedSecret, Instant enabledAt) {

        /** Whether two-factor sign-in is on. */
        public boolean enabled() {
            return enabledAt != null;
        }
    }

    /** The account's TOTP row, if it has one. */
    public Uni<Optional<TotpRow>> totp(UUID userId) {
        return run(
                "SELECT secret, enabled_at FROM auth.mfa_totp WHERE user_id = $1",
                Tuple.of(userId),
                rows -> rows.size() == 0
                        ? Optional.empty()
                        : Optional.of(totpRow(rows.iterator().next())));
    }

    /** Whether two-factor sign-in is on for the account. */
    public Uni<Boolean> enabled(UUID userId) {
        return totp(userId).map(row -> row.map(TotpRow::enabled).orElse(false));
    }

    /** Stores a new, unconfirmed set-up in place of any unconfirmed one; false when two-factor sign-in is already on. */
    public Uni<Boolean> saveSetup(UUID userId, String sealedSecret, Instant now) {
        return run(
                "INSERT INTO auth.mfa_totp (user_id, secret, created_at) VALUES ($1, $2, $3) "
                        + "ON CONFLICT (user_id) DO UPDATE SET secret = EXCLUDED.secret, created_at = EXCLUDED.created_at, "
                        + "last_step = NULL WHERE auth.mfa_totp.enabled_at IS NULL",
                Tuple.of(userId, sealedSecret, utc(now)),
                rows -> rows.rowCount() == 1);
    }

    /**
     * Turns the set-up {@code sealedSecret} on, its confirming code's step spent, with these recovery codes in place of
     * any others; false when that set-up is no longer the one waiting (replaced or already confirmed).
     */
    public Uni<Boolean> enable(
            UUID userId, String sealedSecret, long step, Instant now, List<String> codeHashes, OutgoingMail notice) {
        return transaction(client -> client.preparedQuery("UPDATE auth.mfa_totp SET enabled_at = $3, last_step = $4 "
                        + "WHERE user_id = $1 AND secret = $2 AND enabled_at IS NULL")
                .execute(Tuple.of(userId, sealedSecret, utc(now), step))
                .chain(updated -> updated.rowCount() == 1
                        ? replaceCodes(client, userId, codeHashes)
                                .chain(() -> outbox.insert(client, notice, now))
                                .replaceWith(true)
                        : Uni.createFrom().item(false)));
    }

    /**
     * Spends the step of an accepted code: true when it is newer than every step accepted before (atomic, so two
     * requests with the same code cannot both pass), false for a replay or when two-factor sign-in is not on.
     */
    public Uni<Boolean> acceptStep(UUID userId, long step) {
        return run(
                "UPDATE auth.mfa_totp SET last_step = $2 WHERE user_id = $1 AND enabled_at IS NOT NULL "
                        + "AND (last_step IS NULL OR last_step < $2)",
                Tuple.of(userId, step),
                rows -> rows.rowCount() == 1);
    }

    /** Spends a recovery code: true once for an unspent code of the account, false otherwise. */
    public Uni<Boolean> spendRecoveryCode(UUID userId, String codeHash, Instant now) {
        return run(
                "UPDATE auth.mfa_recovery_code SET used_at = $3 WHERE user_id = $1 AND code_hash = $2 "
                        + "AND used_at IS NULL AND EXISTS "
                        + "(SELECT 1 FROM auth.mfa_totp t WHERE t.user_id = $1 AND t.enabled_at IS NOT NULL)",
                Tuple.of(userId, codeHash, utc(now)),
                rows -> rows.rowCount() == 1);
    }

    /** Replaces the account's recovery codes (the old ones stop working); false when two-factor sign-in is off. */
    public Uni<Boolean> replaceRecoveryCodes(UUID userId, List<String> codeHashes) {
        return transaction(client -> client.preparedQuery(
                        "SELECT 1 FROM auth.mfa_totp WHERE user_id = $1 AND enabled_at IS NOT NULL FOR UPDATE")
                .execute(Tuple.of(userId))
                .chain(rows -> rows.size() == 1
                        ? replaceCodes(client, userId, codeHashes).replaceWith(true)
                        : Uni.createFrom().item(false)));
    }

    /** How many unspent recovery codes the account has. */
    public Uni<Integer> recoveryCodesLeft(UUID userId) {
        return run(
                "SELECT count(*) AS n FROM auth.mfa_recovery_code WHERE user_id = $1 AND used_at IS NULL",
                Tuple.of(userId),
                rows -> (int) rows.iterator().next().getLong("n").longValue());
    }

    /** Turns two-factor sign-in off: secret and recovery codes are deleted; false when it was not on. */
    public Uni<Boolean> disable(UUID userId, OutgoingMail notice, Instant now) {
        return transaction(client -> client.preparedQuery(
                        "DELETE FROM auth.mfa_totp WHERE user_id = $1 AND enabled_at IS NOT NULL")
                .execute(Tuple.of(userId))
                .chain(deleted -> client.preparedQuery("DELETE FROM auth.mfa_recovery_code WHERE user_id = $1")
                        .execute(Tuple.of(userId))
                        .chain(() -> deleted.rowCount() == 1
                                ? outbox.insert(client, notice, now).replaceWith(true)
                                : Uni.createFrom().item(false))));
    }

    private static Uni<Void> replaceCodes(SqlClient client, UUID userId, List<String> codeHashes) {
        return client.preparedQuery("DELETE FROM auth.mfa_recovery_code WHERE user_id = $1")
                .execute(Tuple.of(userId))
                .chain(() -> client.preparedQuery(
                                "INSERT INTO auth.mfa_recovery_code (user_id, code_hash) SELECT $1, unnest($2::varchar[])")
                        .execute(Tuple.of(userId, codeHashes.toArray(String[]::new))))
                .replaceWithVoid();
    }

    private <T> Uni<T> run(String sql, Tuple args, Function<RowSet<Row>, T> result) {
        return guarded(pool.preparedQuery(sql).execute(args).map(result));
    }

    private <T> Uni<T> transaction(Function<SqlClient, Uni<T>> work) {
        return guarded(pool.withTransaction(work::apply));
    }

    /** {@code auth.user-store.timeout}, then 503: a frozen PostgreSQL must not hang the request. */
    private <T> Uni<T> guarded(Uni<T> call) {
        return call.ifNoItem()
                .after(config.userStore().timeout())
                .fail()
                .onFailure()
                .transform(failure -> {
                    LOG.warnf("two-factor store failure: %s", failure.toString());
                    return Problems.unavailable("The user store is unavailable; try again shortly.");
                });
    }

    private static TotpRow totpRow(Row row) {
        OffsetDateTime enabledAt = row.getOffsetDateTime("enabled_at");
        return new TotpRow(row.getString("secret"), enabledAt == null ? null : enabledAt.toInstant());
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
