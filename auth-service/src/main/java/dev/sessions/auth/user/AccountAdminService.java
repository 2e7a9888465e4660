package dev.sessions.auth.user;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;

import dev.sessions.auth.error.Problems;
import dev.sessions.auth.history.HistoryEvent;
import dev.sessions.auth.history.HistoryOutbox;
import dev.sessions.auth.session.SessionRegistry;
import dev.sessions.auth.token.TokenSubject;
import dev.sessions.auth.user.UserMessages.RolesRequest;
import dev.sessions.auth.user.UserMessages.UserPage;
import dev.sessions.contract.history.ActorType;
import dev.sessions.contract.history.EndReason;
import dev.sessions.contract.history.EventType;
import dev.sessions.contract.internal.RevokeUserRequest;

/** What administrators do to accounts: list, deactivate (ending every session first), reactivate. */
@ApplicationScoped
public class AccountAdminService {

    /** Page size when none is asked for. */
    public static final int DEFAULT_PAGE_SIZE = 20;
    /** Largest page size; larger requests are served this many. */
    public static final int MAX_PAGE_SIZE = 100;

    private final UserService users;
    private final AccountStates accounts;
    private final SessionRegistry registry;
    private final HistoryOutbox history;
    private final Clock clock;

    AccountAdminService(
            UserService users, AccountStates accounts, SessionRegistry registry, HistoryOutbox history, Clock clock) {
        this.users = users;
        this.accounts = accounts;
        this.registry = registry;
        this.history = history;
        this.clock = clock;
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
     * Deactivates the account (409 for one's own or the last active administrator), then marks it off in Redis, which
     * the registry's open and refresh scripts check, then has the registry revoke every session (ACCOUNT_DEACTIVATED)
     * and records the deactivation. A sign-in or refresh in flight either meets the mark in its script and is refused,
     * or ran before it, and then its session is among those the revocation, which starts after the mark, ends (ADR 6).
     */
    public Uni<Void> deactivate(TokenSubject admin, String userId) {
        UUID id = userId(userId);
        if (id.toString().equals(admin.userId())) {
            return Uni.createFrom().failure(Problems.conflict("Administrators cannot deactivate their own account."));
        }
        return users.deactivate(id)
                .onItem()
                .ifNull()
                .failWith(AccountAdminService::noSuchUser)
                .chain(user -> accounts.deactivated(user.id.toString()))
                .chain(() -> registry.revokeAll(
                        id.toString(),
                        RevokeUserRequest.of(EndReason.ACCOUNT_DEACTIVATED, ActorType.ADMIN, admin.userId(), null)))
                .chain(() -> history.append(
                        HistoryEvent.account(EventType.ACCOUNT_DEACTIVATED, clock.instant(), id.toString()),
                        ActorType.ADMIN,
                        admin.userId()));
    }

    /** Lets the account sign in again: status, then the account's next epoch in Redis, then the event. */
    public Uni<Void> reactivate(TokenSubject admin, String userId) {
        UUID id = userId(userId);
        return users.setStatus(id, AccountStatus.ACTIVE)
                .onItem()
                .ifNull()
                .failWith(AccountAdminService::noSuchUser)
                .chain(user -> accounts.change(user.id.toString(), false, user.roles))
                .chain(() -> history.append(
                        HistoryEvent.account(EventType.ACCOUNT_REACTIVATED, clock.instant(), id.toString()),
                        ActorType.ADMIN,
                        admin.userId()));
    }

    /**
     * Gives the account the roles asked for ({@code user} always kept; 400 for an unknown role; 409 when no active
     * administrator would remain), then moves its epoch on with the new roles, so that its sessions carry them from
     * their next refresh and a sign-in in flight opens with them, and records ROLES_CHANGED when anything changed.
     */
    public Uni<Void> setRoles(TokenSubject admin, String userId, RolesRequest request) {
        UUID id = userId(userId);
        List<String> roles = roles(request);
        return users.setRoles(id, roles)
                .onItem()
                .ifNull()
                .failWith(AccountAdminService::noSuchUser)
                // the epoch moves on even when nothing changed: a call repeated after Redis failed behind a committed
                // change must still get the new roles to the sessions
                .call(change -> accounts.change(
                        change.user().id.toString(), !change.user().isActive(), change.user().roles))
                .chain(change -> change.changed()
                        ? history.append(
                                HistoryEvent.account(EventType.ROLES_CHANGED, clock.instant(), id.toString()),
                                ActorType.ADMIN,
                                admin.userId())
                        : Uni.createFrom().voidItem());
    }

    /** The roles asked for, in the one order tokens carry them: user first. */
    private static List<String> roles(RolesRequest request) {
        if (request == null || request.roles() == null) {
            throw Problems.badRequest("roles is required: a list such as [\"user\", \"admin\"].");
        }
        for (String role : request.roles()) {
            if (!UserAccount.ROLE_USER.equals(role) && !UserAccount.ROLE_ADMIN.equals(role)) {
                throw Problems.badRequest("Unknown role; the roles are \"user\" and \"admin\".");
            }
        }
        return request.roles().contains(UserAccount.ROLE_ADMIN)
                ? List.of(UserAccount.ROLE_USER, UserAccount.ROLE_ADMIN)
                : List.of(UserAccount.ROLE_USER);
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
