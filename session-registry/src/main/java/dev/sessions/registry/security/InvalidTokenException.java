package dev.sessions.registry.security;

/** The bearer token is not acceptable: malformed, badly signed, expired, from another issuer, or its session ended. */
public class InvalidTokenException extends RuntimeException {

    private final String reason;

    public InvalidTokenException(String message) {
        this(message, null);
    }

    /** A token whose session has ended, and why (the denylist's word for it; null when it cannot say). */
    public InvalidTokenException(String message, String reason) {
        super(message, null, false, false);
        this.reason = reason;
    }

    /** Why the token's session ended, or null when it did not (or nobody can say). */
    public String reason() {
        return reason;
    }
}
