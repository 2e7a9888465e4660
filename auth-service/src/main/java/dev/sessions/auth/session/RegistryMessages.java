package dev.sessions.auth.session;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Bodies of the registry's internal endpoints (docs/internal-api.md). */
public final class RegistryMessages {

    private RegistryMessages() {
    }

    /** {@code POST /internal/sessions}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record OpenSession(String userId, String userAgent, String ipAddress, boolean rememberMe, Instant expiresAt,
            Instant maxExpiresAt, long accountEpoch, int maxSessions) {
    }

    /** Answer of {@code POST /internal/sessions}. */
    public record OpenedSession(String sessionId, Instant createdAt, Instant expiresAt) {
    }

    /** {@code POST /internal/sessions/{sid}/refresh}. */
    public record RefreshSession(String ipAddress, Instant expiresAt) {
    }

    /** Answer of {@code POST /internal/sessions/{sid}/refresh}. */
    public record RefreshedSession(String sessionId, String userId, Instant expiresAt) {
    }

    /** {@code POST /internal/sessions/{sid}/end}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record EndSession(String type, String reason, String actorType, String actorId) {
    }

    /** {@code POST /internal/users/{userId}/revoke}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RevokeUserSessions(String reason, String actorType, String actorId, String exceptSessionId) {
    }

    /** Answer of {@code POST /internal/users/{userId}/revoke}. */
    public record RevokedCount(int revoked) {
    }
}
