package dev.sessions.auth.user;

import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;

import io.quarkiverse.resteasy.problem.HttpProblem;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.pgclient.PgException;
import org.jboss.logging.Logger;

import dev.sessions.auth.config.AuthConfig;
import dev.sessions.auth.error.Problems;
import dev.sessions.auth.mail.MailOutbox;
import dev.sessions.auth.mail.OutgoingMail;
import dev.sessions.auth.security.RegistrationThrottle;
import dev.sessions.auth.user.UserMessages.RegistrationRequest;
import dev.sessions.auth.user.UserMessages.UserPage;
import dev.sessions.auth.user.UserMessages.UserResponse;

/**
 * Accounts: registration, look-ups, password and status changes. A PostgreSQL failure is a 503. A change and what goes
 * with it (the administrator lock, the checks, the mail that tells about it) share one transaction of the pool.
 */
@ApplicationScoped
public class UserService {

    private static final Logger LOG = Logger.getLogger(UserService.class);
    private static final String UNIQUE_VIOLATION = "23505";

    private final UserRepository users;
    private final Pool pool;
    private final PasswordHasher hasher;
    private final RegistrationThrottle registrations;
    private final MailOutbox mailOutbox;
    private final AuthConfig config;
    private final Vertx vertx;
    private final Clock clock;

    UserService(
            UserRepository users,
            Pool pool,
            PasswordHasher hasher,
            RegistrationThrottle registrations,
            MailOutbox mailOutbox,
            AuthConfig config,
            Vertx vertx,
            Clock clock) {
        this.users = users;
        this.pool = pool;
        this.hasher = hasher;
        this.registrations = registrations;
        this.mailOutbox = mailOutbox;
        this.config = config;
        this.vertx = vertx;
        this.clock = clock;
    }

    /**
     * Creates an account with the role {@code user}; 403 when registration is off, 429 when the client's address has
     * registered too often, 409 when the email is taken (found before any hashing).
     */
    public Uni<UserAccount> register(RegistrationRequest request, String address) {
        if (!config.registration().enabled()) {
            return Uni.createFrom().failure(Problems.forbidden("Registration is disabled."));
        }
        if (request == null) {
            return Uni.createFrom()
                    .failure(Problems.badRequest("A JSON body with email, password and displayName is required."));
        }
        String email = UserRules.email(request.email());
        String password = UserRules.newPassword(request.password(), "password");
        String displayName = UserRules.displayName(request.displayName());
        return registrations
                .take(address)
                .chain(() -> findByEmail(email))
                .chain(existing -> existing != null
                        ? Uni.createFrom().failure(UserService.emailTaken())
                        : hasher.hash(password)
                                .chain(hash -> create(email, displayName, hash, List.of(UserAccount.ROLE_USER))))
                .onFailure(UserService::isUnavailable)
                .call(() -> registrations.giveBack(address));
    }

    /** The account with this email, or null. */
    public Uni<UserAccount> findByEmail(String email) {
        return store(() -> users.findByEmail(email));
    }

    /** The account with this id, or null. */
    public Uni<UserAccount> findById(UUID id) {
        return store(() -> users.findById(id));
    }

    /** Stores a new password hash and, in the same transaction, queues the mail that tells the user. */
    public Uni<Void> updatePasswordHash(UUID id, String hash, OutgoingMail notice) {
        return store(() -> pool.withTransaction(transaction -> users.updatePasswordHash(transaction, id, hash)
                .invoke(updated -> {
                    if (!updated) {
                        throw Problems.unauthorized("The account no longer exists.");
                    }
                })
                .chain(() -> mailOutbox.insert(transaction, notice, clock.instant()))));
    }

    /** Sets an account's status; null when there is no such account. */
    public Uni<UserAccount> setStatus(UUID id, AccountStatus status) {
        return store(() -> users.updateStatus(pool, id, status));
    }

    /**
     * Deactivates an account unless it is the last active administrator (409); null when there is no such account.
     * Administrator changes are serialised, so that concurrent ones cannot leave no active administrator together.
     */
    public Uni<UserAccount> deactivate(UUID id) {
        return pool.withTransaction(transaction -> users.lockAdministration(transaction)
                        .chain(() -> users.findById(transaction, id))
                        .onItem()
                        .ifNotNull()
                        .transformToUni(user -> {
                            Uni<Long> others = user.isActive() && user.roles.contains(UserAccount.ROLE_ADMIN)
                                    ? users.countOtherActiveAdmins(transaction, id)
                                    : Uni.createFrom().item(1L);
                            return others.chain(count -> {
                                if (count == 0) {
                                    throw Problems.conflict("The last active administrator cannot be deactivated.");
                                }
                                return users.updateStatus(transaction, id, AccountStatus.DEACTIVATED);
                            });
                        }))
                .onFailure()
                .transform(UserService::storeFailure);
    }

    /** An account after a change of roles, and whether its roles were different before. */
    public record RolesChange(UserAccount user, boolean changed) {}

    /**
     * Gives an account exactly {@code roles} unless that would leave no active administrator (409); null when there is
     * no such account. Serialised with the other administrator changes, like {@link #deactivate}.
     */
    public Uni<RolesChange> setRoles(UUID id, List<String> roles) {
        return pool.withTransaction(transaction -> users.lockAdministration(transaction)
                        .chain(() -> users.findById(transaction, id))
                        .onItem()
                        .ifNotNull()
                        .transformToUni(user -> {
                            boolean demotesAnActiveAdmin = user.isActive()
                                    && user.roles.contains(UserAccount.ROLE_ADMIN)
                                    && !roles.contains(UserAccount.ROLE_ADMIN);
                            Uni<Long> others = demotesAnActiveAdmin
                                    ? users.countOtherActiveAdmins(transaction, id)
                                    : Uni.createFrom().item(1L);
                            return others.chain(count -> {
                                if (count == 0) {
                                    throw Problems.conflict(
                                            "The last active administrator cannot lose the admin role.");
                                }
                                boolean changed = !Set.copyOf(user.roles).equals(Set.copyOf(roles));
                                // the same roles again (a repeated request) write nothing
                                Uni<Void> written = user.roles.equals(roles)
                                        ? Uni.createFrom().voidItem()
                                        : users.updateRoles(transaction, id, roles);
                                user.roles = List.copyOf(roles);
                                return written.replaceWith(new RolesChange(user, changed));
                            });
                        }))
                .onFailure()
                .transform(UserService::storeFailure);
    }

    /** One page of accounts matching the query, sorted by email. */
    public Uni<UserPage> search(String query, int page, int size) {
        // a page whose first row lies beyond what an offset can say (int) is empty whatever the store holds
        Uni<List<UserAccount>> items = (long) page * size + size > Integer.MAX_VALUE
                ? Uni.createFrom().item(List.of())
                : store(() -> users.search(query, page, size));
        return Uni.combine()
                .all()
                .unis(items, store(() -> users.countMatching(query)))
                .asTuple()
                .map(found -> new UserPage(
                        found.getItem1().stream().map(UserResponse::of).toList(), page, size, found.getItem2()));
    }

    /** Creates the bootstrap administrator unless an account already has that email. */
    public Uni<Void> ensureAdmin(String email, String password) {
        // start-up, not a request: the first query opens the pool's first connection, so no request timeout
        return users.findByEmail(email)
                .onFailure()
                .transform(UserService::storeFailure)
                .chain(existing -> {
                    if (existing != null) {
                        return Uni.createFrom().voidItem();
                    }
                    return hasher.hash(password)
                            .chain(hash -> insert(account(
                                    email.trim(),
                                    "Administrator",
                                    hash,
                                    List.of(UserAccount.ROLE_USER, UserAccount.ROLE_ADMIN))))
                            .onFailure()
                            .transform(UserService::storeFailure)
                            .invoke(admin -> LOG.infof("created the bootstrap administrator %s", admin.email))
                            .replaceWithVoid()
                            // another instance starting at the same moment created it between the look-up and
                            // the insert: the account exists, which is all a start needs
                            .onFailure(UserService::isEmailTaken)
                            .recoverWithItem(() -> {
                                LOG.infof("the bootstrap administrator %s was created by another instance", email);
                                return null;
                            });
                });
    }

    private static boolean isEmailTaken(Throwable failure) {
        return failure instanceof HttpProblem problem
                && problem.getStatusCode() == Response.Status.CONFLICT.getStatusCode();
    }

    private Uni<UserAccount> create(String email, String displayName, String hash, List<String> roles) {
        return store(() -> insert(account(email, displayName, hash, roles)));
    }

    private Uni<UserAccount> insert(UserAccount user) {
        return users.insert(user).replaceWith(user);
    }

    private UserAccount account(String email, String displayName, String hash, List<String> roles) {
        UserAccount user = new UserAccount();
        user.id = UUID.randomUUID();
        user.email = email;
        user.displayName = displayName;
        user.passwordHash = hash;
        user.roles = roles;
        user.status = AccountStatus.ACTIVE;
        user.createdAt = clock.instant();
        return user;
    }

    /**
     * Runs a store call with {@code auth.user-store.timeout}: past it the request answers 503 while the call itself goes
     * on to its end. The call is never cancelled, neither by the timeout nor by a client that went away: cancelling a
     * transaction's steps from outside its request (a connection's close handler, a timer) can leave it open and its
     * connection checked out for good. Left to finish, the call commits or rolls back and gives its connection back,
     * even when a frozen PostgreSQL wakes up minutes later.
     */
    private <T> Uni<T> store(Supplier<Uni<T>> call) {
        long timeoutMs = config.userStore().timeout().toMillis();
        return Uni.createFrom()
                .<T>emitter(emitter -> {
                    long timer = vertx.setTimer(
                            timeoutMs,
                            id -> emitter.fail(
                                    new TimeoutException("no answer from the user store in " + timeoutMs + " ms")));
                    call.get()
                            .subscribe()
                            .with(
                                    item -> {
                                        vertx.cancelTimer(timer);
                                        emitter.complete(item);
                                    },
                                    failure -> {
                                        vertx.cancelTimer(timer);
                                        emitter.fail(failure);
                                    });
                })
                .onFailure()
                .transform(UserService::storeFailure);
    }

    private static HttpProblem emailTaken() {
        return Problems.conflict("An account with this email already exists.");
    }

    private static boolean isUnavailable(Throwable failure) {
        return failure instanceof HttpProblem problem && problem.getStatusCode() == 503;
    }

    private static Throwable storeFailure(Throwable failure) {
        if (failure instanceof HttpProblem) {
            return failure;
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof PgException pg && UNIQUE_VIOLATION.equals(pg.getSqlState())) {
                return emailTaken();
            }
        }
        LOG.warnf("user store failure: %s", failure.toString());
        return Problems.unavailable("The user store is unavailable; try again shortly.");
    }
}
