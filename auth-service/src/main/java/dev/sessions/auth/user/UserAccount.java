package dev.sessions.auth.user;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A user account: credentials, roles and status. */
@Entity
@Table(name = "users", schema = "auth")
public class UserAccount {

    /** Role every user has. */
    public static final String ROLE_USER = "user";
    /** Role of administrators. */
    public static final String ROLE_ADMIN = "admin";

    @Id
    public UUID id;

    @Column(nullable = false, length = 320)
    public String email;

    @Column(name = "display_name", nullable = false, length = 200)
    public String displayName;

    @Column(name = "password_hash", nullable = false)
    public String passwordHash;

    @Convert(converter = RolesConverter.class)
    @Column(nullable = false)
    public List<String> roles;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    public AccountStatus status;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    /** Whether the account may sign in. */
    public boolean isActive() {
        return status == AccountStatus.ACTIVE;
    }
}
