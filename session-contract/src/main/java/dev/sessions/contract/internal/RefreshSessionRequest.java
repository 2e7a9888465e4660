package dev.sessions.contract.internal;

import java.time.Instant;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Body of {@code POST /internal/sessions/{sid}/refresh}. */
@Schema(name = "RefreshSessionRequest")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RefreshSessionRequest(
        @Size(max = 64) String ipAddress,
        @NotNull Instant expiresAt,

        @Schema(description = "User-Agent of the refresh request; read for the device only with client hints")
        @Size(max = 4096)
        String userAgent,

        @Schema(description = "User-Agent Client Hints of the refresh request, when the browser sent any") @Valid
        ClientHints clientHints,

        @Schema(
                description = "The session's user as the caller knows it (auth-service: from the refresh chain); "
                        + "the registry then does not read the session's owner first, and a session of "
                        + "another user is not live (404). Absent: the registry reads the owner.")
        @Pattern(regexp = InternalSessionApi.ID_PATTERN)
        String userId) {}
