package dev.sessions.auth.history;

import java.time.Instant;

/**
 * A history event that auth-service records itself (failed sign-in, password change); the registry's writer
 * resolves device and location from {@code ip} and {@code userAgent}.
 */
public record HistoryEvent(String type, Instant at, String userId, String sessionId, String ip, String userAgent) {

    /** A failed sign-in of an existing account, by its user. */
    public static HistoryEvent signInFailed(Instant at, String userId, String ip, String userAgent) {
        return new HistoryEvent("SIGN_IN_FAILED", at, userId, null, ip, userAgent);
    }

    /** A password change, made by the user from one of their sessions. */
    public static HistoryEvent passwordChanged(Instant at, String userId, String sessionId, String ip, String userAgent) {
        return new HistoryEvent("PASSWORD_CHANGED", at, userId, sessionId, ip, userAgent);
    }
}
