package dev.sessions.auth.user;

import java.util.List;
import java.util.Locale;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;

/** Reads and writes user accounts in PostgreSQL. */
@ApplicationScoped
@WithSession
public class UserRepository implements PanacheRepositoryBase<UserAccount, UUID> {

    // any constant of our own: the key of the advisory lock that serialises administrator changes
    private static final long ADMIN_LOCK = 0x5e55_10a5_ad31L;
    private static final String MATCHES =
            "lower(email) like :pattern escape '\\' or lower(displayName) like :pattern escape '\\'";

    /** The account with this email, compared without regard to case; null when there is none. */
    public Uni<UserAccount> findByEmail(String email) {
        return find("lower(email) = ?1", email.trim().toLowerCase(Locale.ROOT)).firstResult();
    }

    /** One page of accounts whose email or display name contains the query (any case), sorted by email. */
    public Uni<List<UserAccount>> search(String query, int page, int size) {
        if (query.isEmpty()) {
            return find("order by lower(email), id").page(Page.of(page, size)).list();
        }
        return find(MATCHES + " order by lower(email), id", Parameters.with("pattern", pattern(query)))
                .page(Page.of(page, size))
                .list();
    }

    /** How many accounts match the query. */
    public Uni<Long> countMatching(String query) {
        if (query.isEmpty()) {
            return count();
        }
        return count(MATCHES, Parameters.with("pattern", pattern(query)));
    }

    /**
     * Serialises changes that could leave no active administrator until the transaction ends: two admins deactivating
     * each other at once must not both succeed.
     */
    public Uni<Void> lockAdministration() {
        return getSession()
                .chain(session -> session.createNativeQuery("SELECT pg_advisory_xact_lock(" + ADMIN_LOCK + ")")
                        .getSingleResult())
                .replaceWithVoid();
    }

    /** How many active administrators there are other than {@code excluded}. */
    public Uni<Long> countOtherActiveAdmins(UUID excluded) {
        return getSession()
                .chain(session -> session.createNativeQuery(
                                "SELECT count(*) FROM auth.users WHERE status = "
                                        + "'ACTIVE' AND id <> :id AND (',' || roles || ',') LIKE '%,admin,%'",
                                Long.class)
                        .setParameter("id", excluded)
                        .getSingleResult());
    }

    private static String pattern(String query) {
        String escaped = query.toLowerCase(Locale.ROOT)
                .replace("\\", "\\\\")
                .replace("%", "\\%")
                .replace("_", "\\_");
        return "%" + escaped + "%";
    }
}
