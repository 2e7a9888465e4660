package dev.sessions.contract.internal;

import java.time.Instant;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Body of {@code POST /internal/sessions}. */
@Schema(name = "OpenSessionRequest")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OpenSessionRequest(
        @NotBlank @Pattern(regexp = InternalSessionApi.ID_PATTERN)
        String userId,

        @Size(max = 4096) String userAgent,

        @Schema(
                description =
                        "Client address; when absent, taken from this request (X-Forwarded-For of a trusted proxy)")
        @Size(max = 64)
        String ipAddress,

        Boolean rememberMe,
        @NotNull Instant expiresAt,
        @NotNull Instant maxExpiresAt,

        @Schema(
                description = "The account's epoch auth-service read with the account; the session is not opened "
                        + "when the account has changed since (409) or is deactivated (403)")
        @PositiveOrZero
        Long accountEpoch,

        @Schema(
                description = "Most live sessions the user may have (auth.session.max-per-user); beyond it the "
                        + "least recently active ones end (REVOKED, SESSION_LIMIT). Absent or 0: no cap")
        @PositiveOrZero
        Integer maxSessions,

        @Schema(
                description =
                        "Whether the user signed in with a second factor (TOTP or a recovery code): kept with the "
                                + "session (Session.mfa) and on its SIGNED_IN event. Absent: false")
        Boolean mfa,

        @Schema(description = "User-Agent Client Hints of the sign-in request, when the browser sent any") @Valid
        ClientHints clientHints) {}
