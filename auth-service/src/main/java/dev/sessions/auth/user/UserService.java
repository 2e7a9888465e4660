package dev.sessions.auth.user;

import java.time.Clock;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Singleton;

import org.hibernate.JDBCException;
import org.jboss.logging.Logger;

import dev.sessions.auth.config.AuthConfig;
import dev.sessions.auth.error.Problems;
import dev.sessions.auth.user.UserMessages.RegistrationRequest;
import dev.sessions.auth.user.UserMessages.UserPage;
import dev.sessions.auth.user.UserMessages.UserResponse;
import io.quarkiverse.resteasy.problem.HttpProblem;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.pgclient.PgException;

/** Accounts: registration, look-ups, password and status changes. A PostgreSQL failure is a 503. */
@Singleton
public class UserService {

    private static final Logger LOG = Logger.getLogger(UserService.class);
    private static final String UNIQUE_VIOLATION = "23505";

    private final UserRepository users;
    private final PasswordHasher hasher;
    private final AuthConfig config;
    private final Clock clock;

    UserService(UserRepository users, PasswordHasher hasher, AuthConfig config, Clock clock) {
        this.users = users;
        this.hasher = hasher;
        this.config = config;
        this.clock = clock;
    }

    /** Creates an account with the role {@code user}; 403 when registration is off, 409 when the email is taken. */
    public Uni<UserAccount> register(RegistrationRequest request) {
        if (!config.registration().enabled()) {
            return Uni.createFrom().failure(Problems.forbidden("Registration is disabled."));
        }
        if (request == null) {
            return Uni.createFrom().failure(Problems.badRequest("A JSON body with email, password and displayName is required."));
        }
        String email = UserRules.email(request.email());
        String password = UserRules.newPassword(request.password(), "password");
        String displayName = UserRules.displayName(request.displayName());
        return hasher.hash(password)
                .chain(hash -> create(email, displayName, hash, List.of(UserAccount.ROLE_USER)));
    }

    /** The account with this email, or null. */
    public Uni<UserAccount> findByEmail(String email) {
        return users.findByEmail(email).onFailure().transform(UserService::storeFailure);
    }

    /** The account with this id, or null. */
    public Uni<UserAccount> findById(UUID id) {
        return users.findById(id).onFailure().transform(UserService::storeFailure);
    }

    /** Stores a new password hash. */
    public Uni<Void> updatePasswordHash(UUID id, String hash) {
        return Panache.withTransaction(() -> users.findById(id)
                .onItem().ifNull().failWith(() -> Problems.unauthorized("The account no longer exists."))
                .invoke(user -> user.passwordHash = hash))
                .replaceWithVoid()
                .onFailure().transform(UserService::storeFailure);
    }

    /** Sets an account's status; null when there is no such account. */
    public Uni<UserAccount> setStatus(UUID id, AccountStatus status) {
        return Panache.withTransaction(() -> users.findById(id)
                .onItem().ifNotNull().invoke(user -> user.status = status))
                .onFailure().transform(UserService::storeFailure);
    }

    /**
     * Deactivates an account unless it is the last active administrator (409); null when there is no such account.
     * Administrator changes are serialised, so that concurrent ones cannot leave no active administrator together.
     */
    public Uni<UserAccount> deactivate(UUID id) {
        return Panache.withTransaction(() -> users.lockAdministration()
                        .chain(() -> users.findById(id))
                        .onItem().ifNotNull().transformToUni(user -> {
                            if (!user.isActive() || !user.roles.contains(UserAccount.ROLE_ADMIN)) {
                                user.status = AccountStatus.DEACTIVATED;
                                return Uni.createFrom().item(user);
                            }
                            return users.countOtherActiveAdmins(id).map(others -> {
                                if (others == 0) {
                                    throw Problems.conflict("The last active administrator cannot be deactivated.");
                                }
                                user.status = AccountStatus.DEACTIVATED;
                                return user;
                            });
                        }))
                .onFailure().transform(UserService::storeFailure);
    }

    /** One page of accounts matching the query, sorted by email. */
    public Uni<UserPage> search(String query, int page, int size) {
        return Uni.combine().all()
                .unis(users.search(query, page, size), users.countMatching(query))
                .asTuple()
                .map(found -> new UserPage(found.getItem1().stream().map(UserResponse::of).toList(), page, size,
                        found.getItem2()))
                .onFailure().transform(UserService::storeFailure);
    }

    /** Creates the bootstrap administrator unless an account already has that email. */
    public Uni<Void> ensureAdmin(String email, String password) {
        return findByEmail(email).chain(existing -> {
            if (existing != null) {
                return Uni.createFrom().voidItem();
            }
            return hasher.hash(password)
                    .chain(hash -> create(email.trim(), "Administrator", hash,
                            List.of(UserAccount.ROLE_USER, UserAccount.ROLE_ADMIN)))
                    .invoke(admin -> LOG.infof("created the bootstrap administrator %s", admin.email))
                    .replaceWithVoid();
        });
    }

    private Uni<UserAccount> create(String email, String displayName, String hash, List<String> roles) {
        UserAccount user = new UserAccount();
        user.id = UUID.randomUUID();
        user.email = email;
        user.displayName = displayName;
        user.passwordHash = hash;
        user.roles = roles;
        user.status = AccountStatus.ACTIVE;
        user.createdAt = clock.instant();
        return Panache.withTransaction(() -> users.persist(user)).onFailure().transform(UserService::storeFailure);
    }

    private static Throwable storeFailure(Throwable failure) {
        if (failure instanceof HttpProblem) {
            return failure;
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof PgException pg && UNIQUE_VIOLATION.equals(pg.getSqlState())
                    || cause instanceof JDBCException jdbc && UNIQUE_VIOLATION.equals(jdbc.getSQLState())) {
                return Problems.conflict("An account with this email already exists.");
            }
        }
        LOG.warnf("user store failure: %s", failure.toString());
        return Problems.unavailable("The user store is unavailable; try again shortly.");
    }
}
