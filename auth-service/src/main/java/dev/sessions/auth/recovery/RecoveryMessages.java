package dev.sessions.auth.recovery;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Wire bodies of the password-reset endpoints. */
public final class RecoveryMessages {

    /** The one answer of {@code POST /auth/password/forgot}, whatever the email. */
    public static final ForgotAnswer ACCEPTED =
            new ForgotAnswer("If an account with this email exists, a link to reset its password is on its way.");

    private RecoveryMessages() {}

    /** Body of {@code POST /auth/password/forgot}. */
    @Schema(name = "ForgotPasswordRequest", description = "Ask for a reset link")
    public record ForgotRequest(
            @Schema(description = "Email address of the account", example = "ada@example.com")
            String email) {}

    /** Answer of {@code POST /auth/password/forgot}: the same for every well-formed email. */
    @Schema(name = "ForgotPasswordAnswer", description = "The same for every well-formed email, known or not")
    public record ForgotAnswer(
            @Schema(example = "If an account with this email exists, a link to reset its password is on its way.")
            String message) {}

    /** Body of {@code POST /auth/password/reset}. */
    @Schema(name = "PasswordResetRequest", description = "A new password, with the token of the emailed link")
    public record ResetRequest(
            @Schema(description = "The token from the link's fragment (#token=…)", example = "q3V0…")
            String token,

            @Schema(description = "The new password, at least 10 characters", example = "tr0ub4dor and more")
            String newPassword) {}
}
