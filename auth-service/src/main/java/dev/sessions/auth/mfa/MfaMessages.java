package dev.sessions.auth.mfa;

import java.time.Instant;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Wire bodies of the two-factor endpoints. */
public final class MfaMessages {

    private MfaMessages() {}

    /** Answer of {@code GET /auth/mfa}. */
    @Schema(name = "MfaStatus", description = "The caller's two-factor settings")
    public record MfaStatus(
            TotpStatus totp, @Schema(example = "10") int recoveryCodesLeft) {}

    /** The TOTP part of {@link MfaStatus}. */
    @Schema(name = "TotpStatus")
    public record TotpStatus(
            @Schema(description = "Whether sign-in asks for an authentication code")
            boolean enabled,

            @Schema(nullable = true, example = "2026-11-22T09:15:00Z")
            Instant enabledAt) {}

    /** Body of {@code POST /auth/mfa/totp/setup}. */
    @Schema(name = "MfaSetupRequest")
    public record SetupRequest(
            @Schema(example = "correct horse battery") String currentPassword) {}

    /** Answer of {@code POST /auth/mfa/totp/setup}. */
    @Schema(name = "MfaSetup", description = "A new TOTP secret, in effect once confirmed with a code")
    public record SetupResponse(
            @Schema(
                    description = "The secret in base32, for typing into an authenticator app",
                    example = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
            String secret,

            @Schema(
                    description = "The same as a key URI for a QR code",
                    example =
                            "otpauth://totp/session-backend:ada%40example.com?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=session-backend&algorithm=SHA1&digits=6&period=30")
            String otpauthUri) {}

    /** A body that carries one code: a TOTP code (or, where allowed, a recovery code). */
    @Schema(name = "MfaCodeRequest")
    public record CodeRequest(@Schema(example = "123456") String code) {}

    /** Body of {@code DELETE /auth/mfa/totp}. */
    @Schema(name = "MfaDisableRequest")
    public record DisableRequest(
            @Schema(example = "correct horse battery") String currentPassword,

            @Schema(description = "A TOTP code or an unused recovery code", example = "123456")
            String code) {}

    /** Answer carrying fresh recovery codes, shown once. */
    @Schema(name = "RecoveryCodes", description = "Ten single-use recovery codes; only their hashes are kept")
    public record RecoveryCodesResponse(
            @Schema(example = "[\"7kq2m-xd4pa\",\"...\"]") List<String> recoveryCodes) {}

    /** Body of {@code POST /auth/login/mfa}. */
    @Schema(name = "MfaLoginRequest")
    public record LoginRequest(
            @Schema(description = "The mfaToken of the 202 answer of POST /auth/login")
            String mfaToken,

            @Schema(description = "A TOTP code or an unused recovery code", example = "123456")
            String code) {}

    /** The 202 answer of {@code POST /auth/login} for an account with two-factor sign-in. */
    @Schema(name = "MfaRequired", description = "The password was right; a second factor is needed")
    public record MfaRequired(
            @Schema(example = "true") boolean mfaRequired,

            @Schema(description = "Opaque, single use; present it to POST /auth/login/mfa")
            String mfaToken,

            @Schema(description = "Seconds the token stays valid", example = "300")
            long expiresIn,

            @Schema(example = "[\"totp\",\"recovery_code\"]")
            List<String> methods) {}
}
