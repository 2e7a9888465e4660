package dev.sessions.auth.user;

import java.time.Instant;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Wire bodies of the user endpoints. */
public final class UserMessages {

    private UserMessages() {}

    /** Body of {@code POST /auth/register}. */
    @Schema(name = "RegistrationRequest", description = "A new account")
    public record RegistrationRequest(
            @Schema(
                    description = "Email address, unique regardless of case, at most 320 characters",
                    example = "ada@example.com")
            String email,

            @Schema(description = "Password, at least 10 characters", example = "correct horse battery")
            String password,

            @Schema(description = "Name shown to people", example = "Ada Lovelace")
            String displayName) {}

    /** Answer of {@code POST /auth/register}. */
    @Schema(name = "RegisteredUser", description = "The account that was created")
    public record RegisteredUser(
            @Schema(description = "User id", example = "4f1c7d3e-5a7b-4c1e-9a53-1f2a3b4c5d6e")
            String id,

            @Schema(description = "Email address as registered", example = "ada@example.com")
            String email) {}

    /** Body of {@code POST /auth/password}. */
    @Schema(name = "PasswordChangeRequest", description = "A password change")
    public record PasswordChangeRequest(
            @Schema(description = "The current password", example = "correct horse battery")
            String currentPassword,

            @Schema(description = "The new password, at least 10 characters", example = "tr0ub4dor and more")
            String newPassword,

            @Schema(
                    description = "Also sign out every other session of the account (REVOKED, reason PASSWORD_CHANGED)",
                    defaultValue = "false")
            Boolean signOutOtherSessions) {}

    /** Body of {@code PUT /admin/users/{userId}/roles}. */
    @Schema(name = "RolesRequest", description = "The roles an account is to have")
    public record RolesRequest(
            @Schema(
                    description = "Roles: \"user\" (always kept, whether listed or not) and \"admin\"",
                    example = "[\"user\",\"admin\"]")
            List<String> roles) {}

    /** One account as administrators see it. */
    @Schema(name = "User", description = "A user account")
    public record UserResponse(
            @Schema(example = "4f1c7d3e-5a7b-4c1e-9a53-1f2a3b4c5d6e")
            String id,

            @Schema(example = "ada@example.com") String email,
            @Schema(example = "Ada Lovelace") String displayName,
            @Schema(example = "[\"user\"]") List<String> roles,

            @Schema(
                    enumeration = {"ACTIVE", "DEACTIVATED"},
                    example = "ACTIVE")
            String status,

            @Schema(example = "2026-11-22T09:15:00Z") Instant createdAt) {

        static UserResponse of(UserAccount user) {
            return new UserResponse(
                    user.id.toString(), user.email, user.displayName, user.roles, user.status.name(), user.createdAt);
        }
    }

    /** One page of accounts. */
    @Schema(name = "UserPage", description = "A page of users, sorted by email")
    public record UserPage(
            @Schema(description = "The users of this page") List<UserResponse> items,

            @Schema(description = "Page number, from 0", example = "0")
            int page,

            @Schema(description = "Page size (at most 100)", example = "20")
            int size,

            @Schema(description = "Number of matching users", example = "42")
            long total) {}
}
