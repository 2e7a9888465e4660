package dev.sessions.auth.user;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A user account: credentials, roles and status; a row of {@code auth.users} ({@link UserRepository}). */
public class UserAccount {

    /** Role every user has. */
    public static final String ROLE_USER = "user";
    /** Role of administrators. */
    public static final String ROLE_ADMIN = "admin";

    public UUID id;

    public String email;

    public String displayName;

    public String passwordHash;

    public List<String> roles;

    public AccountStatus status;

    public Instant createdAt;

    /** Whether the account may sign in. */
    public boolean isActive() {
        return status == AccountStatus.ACTIVE;
    }
}
