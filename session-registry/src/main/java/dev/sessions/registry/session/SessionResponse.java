package dev.sessions.registry.session;

import java.time.Instant;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import dev.sessions.contract.session.SessionFlag;
import dev.sessions.registry.device.Device;
import dev.sessions.registry.geo.Location;

/** A live session as the contract shows it. */
@Schema(name = "Session", description = "A live session")
public record SessionResponse(
        @Schema(example = "hR3kq9Zt0mW2x7yB1cD4eA") String id,

        @Schema(description = "Whether this is the session of the calling token")
        boolean current,

        Device device,
        @Schema(example = "81.2.69.142", nullable = true) String ipAddress,
        @Schema(nullable = true) Location location,
        @Schema(example = "2026-11-22T09:15:00Z") Instant createdAt,
        @Schema(example = "2026-11-22T10:02:11Z") Instant lastActivityAt,
        @Schema(example = "2026-12-22T09:15:00Z") Instant expiresAt,
        boolean rememberMe,

        @Schema(description = "Whether the session was opened with a second factor")
        boolean mfa,

        @Schema(
                description = "What made the sign-in stand out, decided once at sign-in from the user's own"
                        + " history of the previous 90 days; empty for the account's first sign-in",
                example = "[\"NEW_COUNTRY\"]")
        List<SessionFlag> flags) {

    static SessionResponse of(LiveSession session, String currentSessionId) {
        return new SessionResponse(
                session.id(),
                session.id().equals(currentSessionId),
                session.device(),
                session.ipAddress(),
                session.location(),
                session.createdAt(),
                session.lastActivityAt(),
                session.expiresAt(),
                session.rememberMe(),
                session.mfa(),
                session.flags());
    }
}
