package dev.sessions.contract.internal;

import java.time.Instant;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Answer of {@code POST /internal/sessions/{sid}/refresh}. */
@Schema(name = "RefreshedSession")
public record RefreshedSession(String sessionId, String userId, Instant expiresAt) {}
