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
        List<SessionFlag> flags) {}
