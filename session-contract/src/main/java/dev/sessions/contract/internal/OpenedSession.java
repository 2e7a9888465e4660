package dev.sessions.contract.internal;

import java.time.Instant;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import dev.sessions.contract.session.SessionFlag;

/** Answer of {@code POST /internal/sessions}. */
@Schema(name = "OpenedSession")
public record OpenedSession(
        String sessionId,
        Instant createdAt,
        Instant expiresAt,

        @Schema(description = "What made this sign-in stand out; auth-service mails the user when any is set")
        List<SessionFlag> flags,

        @Schema(description = "The device as the registry read it from the User-Agent; named in the new-sign-in mail")
        Device device,

        @Schema(description = "Approximate location of the address; null when unknown", nullable = true)
        Location location) {

    /** An answer without device or location (they are only needed when a flag is set). */
    public OpenedSession(String sessionId, Instant createdAt, Instant expiresAt, List<SessionFlag> flags) {
        this(sessionId, createdAt, expiresAt, flags, null, null);
    }

    /** Device type, operating system and browser families, as the contract's {@code Session.device} names them. */
    @Schema(name = "OpenedSessionDevice")
    public record Device(String type, String os, String browser) {}

    /** City (may be null) and the English name of the country. */
    @Schema(name = "OpenedSessionLocation")
    public record Location(String city, String country) {}
}
