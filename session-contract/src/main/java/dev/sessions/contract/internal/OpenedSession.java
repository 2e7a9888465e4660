package dev.sessions.contract.internal;

import java.time.Instant;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Answer of {@code POST /internal/sessions}. */
@Schema(name = "OpenedSession")
public record OpenedSession(String sessionId, Instant createdAt, Instant expiresAt) {}
