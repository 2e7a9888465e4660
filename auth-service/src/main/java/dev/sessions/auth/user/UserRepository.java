package dev.sessions.auth.user;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Reads and writes user accounts in PostgreSQL ({@code auth.users}) with the reactive SQL client (ADR 16). The methods
 * that take a {@link SqlClient} run on the caller's transaction; the others on a pooled connection of their own.
 */
@ApplicationScoped
public class UserRepository {

    // any constant of our own: the key of the advisory lock that serialises administrator changes
    private static final long ADMIN_LOCK = 0x5e55_10a5_ad31L;
    private static final String COLUMNS = "id, email, display_name, password_hash, roles, status, created_at";
    private static final String SELECT = "SELECT " + COLUMNS + " FROM auth.users";
    // the pattern is given escaped (pattern()): a % or _ typed in a search matches itself
    private static final String MATCHES =
            " WHERE lower(email) LIKE $1 ESCAPE '\\' OR lower(display_name) LIKE $1 ESCAPE '\\'";
    private static final String BY_EMAIL = SELECT + " WHERE lower(email) = $1";
    private static final String BY_ID = SELECT + " WHERE id = $1";
    private static final String ORDER = " ORDER BY lower(email), id";
    private static final String INSERT = "INSERT INTO auth.users (" + COLUMNS + ") VALUES ($1, $2, $3, $4, $5, $6, $7)";
    private static final String LOCK = "SELECT pg_advisory_xact_lock($1)";
    private static final String OTHER_ACTIVE_ADMINS = "SELECT count(*) FROM auth.users WHERE status = 'ACTIVE' "
            + "AND id <> $1 AND (',' || roles || ',') LIKE '%,admin,%'";

    private final Pool pool;

    UserRepository(Pool pool) {
        this.pool = pool;
    }

    /** The account with this email, compared without regard to case; null when there is none. */
    public Uni<UserAccount> findByEmail(String email) {
        return pool.preparedQuery(BY_EMAIL)
                .execute(Tuple.of(email.trim().toLowerCase(Locale.ROOT)))
                .map(UserRepository::first);
    }

    /** The account with this id; null when there is none. */
    public Uni<UserAccount> findById(UUID id) {
        return findById(pool, id);
    }

    /** The account with this id, read with the caller's transaction; null when there is none. */
    public Uni<UserAccount> findById(SqlClient client, UUID id) {
        return client.preparedQuery(BY_ID).execute(Tuple.of(id)).map(UserRepository::first);
    }

    /** One page of accounts whose email or display name contains the query (any case), sorted by email. */
    public Uni<List<UserAccount>> search(String query, int page, int size) {
        int offset = page * size;
        if (query.isEmpty()) {
            return pool.preparedQuery(SELECT + ORDER + " LIMIT $1 OFFSET $2")
                    .execute(Tuple.of(size, offset))
                    .map(UserRepository::all);
        }
        return pool.preparedQuery(SELECT + MATCHES + ORDER + " LIMIT $2 OFFSET $3")
                .execute(Tuple.of(pattern(query), size, offset))
                .map(UserRepository::all);
    }

    /** How many accounts match the query. */
    public Uni<Long> countMatching(String query) {
        Uni<RowSet<Row>> rows = query.isEmpty()
                ? pool.query("SELECT count(*) FROM auth.users").execute()
                : pool.preparedQuery("SELECT count(*) FROM auth.users" + MATCHES)
                        .execute(Tuple.of(pattern(query)));
        return rows.map(found -> found.iterator().next().getLong(0));
    }

    /** Inserts a new account; a taken email fails with PostgreSQL's unique violation. */
    public Uni<Void> insert(UserAccount user) {
        return pool.preparedQuery(INSERT)
                .execute(Tuple.tuple()
                        .addUUID(user.id)
                        .addString(user.email)
                        .addString(user.displayName)
                        .addString(user.passwordHash)
                        .addString(String.join(",", user.roles))
                        .addString(user.status.name())
                        .addOffsetDateTime(OffsetDateTime.ofInstant(user.createdAt, ZoneOffset.UTC)))
                .replaceWithVoid();
    }

    /** Sets an account's password hash in the caller's transaction; false when there is no such account. */
    public Uni<Boolean> updatePasswordHash(SqlClient client, UUID id, String hash) {
        return client.preparedQuery("UPDATE auth.users SET password_hash = $2 WHERE id = $1")
                .execute(Tuple.of(id, hash))
                .map(rows -> rows.rowCount() == 1);
    }

    /** Sets an account's status; the account as it is now, or null when there is none. */
    public Uni<UserAccount> updateStatus(SqlClient client, UUID id, AccountStatus status) {
        return client.preparedQuery("UPDATE auth.users SET status = $2 WHERE id = $1 RETURNING " + COLUMNS)
                .execute(Tuple.of(id, status.name()))
                .map(UserRepository::first);
    }

    /** Sets an account's roles in the caller's transaction. */
    public Uni<Void> updateRoles(SqlClient client, UUID id, List<String> roles) {
        return client.preparedQuery("UPDATE auth.users SET roles = $2 WHERE id = $1")
                .execute(Tuple.of(id, String.join(",", roles)))
                .replaceWithVoid();
    }

    /**
     * Serialises changes that could leave no active administrator until the caller's transaction ends: two admins
     * deactivating each other at once must not both succeed.
     */
    public Uni<Void> lockAdministration(SqlClient transaction) {
        return transaction.preparedQuery(LOCK).execute(Tuple.of(ADMIN_LOCK)).replaceWithVoid();
    }

    /** How many active administrators there are other than {@code excluded}, read with the caller's transaction. */
    public Uni<Long> countOtherActiveAdmins(SqlClient transaction, UUID excluded) {
        return transaction
                .preparedQuery(OTHER_ACTIVE_ADMINS)
                .execute(Tuple.of(excluded))
                .map(rows -> rows.iterator().next().getLong(0));
    }

    private static UserAccount first(RowSet<Row> rows) {
        var found = rows.iterator();
        return found.hasNext() ? account(found.next()) : null;
    }

    private static List<UserAccount> all(RowSet<Row> rows) {
        List<UserAccount> accounts = new ArrayList<>(rows.size());
        for (Row row : rows) {
            accounts.add(account(row));
        }
        return accounts;
    }

    private static UserAccount account(Row row) {
        UserAccount user = new UserAccount();
        user.id = row.getUUID("id");
        user.email = row.getString("email");
        user.displayName = row.getString("display_name");
        user.passwordHash = row.getString("password_hash");
        user.roles = roles(row.getString("roles"));
        user.status = AccountStatus.valueOf(row.getString("status"));
        user.createdAt = row.getOffsetDateTime("created_at").toInstant();
        return user;
    }

    /** The roles column: names separated by commas. */
    private static List<String> roles(String column) {
        if (column == null || column.isBlank()) {
            return List.of();
        }
        return Arrays.stream(column.split(","))
                .map(String::trim)
                .filter(role -> !role.isEmpty())
                .toList();
    }

    private static String pattern(String query) {
        String escaped = query.toLowerCase(Locale.ROOT)
                .replace("\\", "\\\\")
                .replace("%", "\\%")
                .replace("_", "\\_");
        return "%" + escaped + "%";
    }
}
