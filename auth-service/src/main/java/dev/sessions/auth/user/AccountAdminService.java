package dev.sessions.auth.user;

import java.util.Optional;
import java.util.UUID;

import jakarta.inject.Singleton;

import dev.sessions.auth.error.Problems;
import dev.sessions.auth.session.RegistryMessages.RevokeUserSessions;
import dev.sessions.auth.session.SessionRegistry;
import dev.sessions.auth.token.TokenSubject;
import dev.sessions.auth.user.UserMessages.UserPage;
import io.smallrye.mutiny.Uni;

/** What administrators do to accounts: list, deactivate (ending every session first), reactivate. */
@Singleton
public class AccountAdminService {

    /** Page size when none is asked for. */
    public static final int DEFAULT_PAGE_SIZE = 20;
    /** Largest page size; larger requests are served this many. */
    public static final int MAX_PAGE_SIZE = 100;

    private final UserService users;
    private final SessionRegistry registry;

    AccountAdminService(UserService users, SessionRegistry registry) {
        this.users = users;
        this.registry = registry;
    }

    /** One page of users matching the query, sorted by email. */
    public Uni<UserPage> list(String query, String page, String size) {
        int pageNumber = parse(page, 0, "page");
        int pageSize = parse(size, DEFAULT_PAGE_SIZE, "size");
        if (pageNumber < 0) {
            throw Problems.badRequest("page must be 0 or more.");
        }
        if (pageSize < 1) {
            throw Problems.badRequest("size must be 1 or more.");
        }
        String text = Optional.ofNullable(query).map(String::trim).orElse("");
        if (text.length() > UserRules.MAX_EMAIL) {
            throw Problems.badRequest("query must be at most " + UserRules.MAX_EMAIL + " characters.");
        }
        return users.search(text, pageNumber, Math.min(pageSize, MAX_PAGE_SIZE));
    }

    /**
     * Deactivates the account, then has the registry revoke every session (ACCOUNT_DEACTIVATED): status first so that no
     * new sign-in slips in between, and the answer only once the sessions are gone.
     */
    public Uni<Void> deactivate(TokenSubject admin, String userId) {
        UUID id = userId(userId);
        if (id.toString().equals(admin.userId())) {
            return Uni.createFrom().failure(Problems.conflict("Administrators cannot deactivate their own account."));
        }
        return users.setStatus(id, AccountStatus.DEACTIVATED)
                .onItem().ifNull().failWith(AccountAdminService::noSuchUser)
                .chain(user -> registry.revokeAll(user.id.toString(),
                        new RevokeUserSessions("ACCOUNT_DEACTIVATED", "ADMIN", admin.userId(), null)))
                .replaceWithVoid();
    }

    /** Lets the account sign in again. */
    public Uni<Void> reactivate(String userId) {
        return users.setStatus(userId(userId), AccountStatus.ACTIVE)
                .onItem().ifNull().failWith(AccountAdminService::noSuchUser)
                .replaceWithVoid();
    }

    private static UUID userId(String text) {
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw noSuchUser();
        }
    }

    private static RuntimeException noSuchUser() {
        return Problems.notFound("No such user.");
    }

    private static int parse(String value, int fallback, String name) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw Problems.badRequest(name + " must be a whole number.");
        }
    }
}
