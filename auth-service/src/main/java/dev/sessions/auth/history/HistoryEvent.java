package dev.sessions.auth.history;

import java.time.Instant;

import dev.sessions.contract.history.EventType;

/**
 * A history event that auth-service records itself (failed sign-in, password change); the registry's writer
 * resolves device and location from {@code ip} and {@code userAgent}.
 */
public record HistoryEvent(EventType type, Instant at, String userId, String sessionId, String ip, String userAgent) {

    /** A failed sign-in of an existing account, by its user. */
    public static HistoryEvent signInFailed(Instant at, String userId, String ip, String userAgent) {
        return new HistoryEvent(EventType.SIGN_IN_FAILED, at, userId, null, ip, userAgent);
    }

    /** An account-level event, such as a deactivation (no session concerned, no address recorded). */
    public static HistoryEvent account(EventType type, Instant at, String userId) {
        return new HistoryEvent(type, at, userId, null, null, null);
    }

    /** A password change, made by the user from one of their sessions. */
    public static HistoryEvent passwordChanged(
            Instant at, String userId, String sessionId, String ip, String userAgent) {
        return new HistoryEvent(EventType.PASSWORD_CHANGED, at, userId, sessionId, ip, userAgent);
    }
}
