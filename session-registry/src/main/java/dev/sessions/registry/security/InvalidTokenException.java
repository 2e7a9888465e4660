package dev.sessions.registry.security;

/** The bearer token is not acceptable: malformed, badly signed, expired, from another issuer, or its session ended. */
public class InvalidTokenException extends RuntimeException {

    public InvalidTokenException(String message) {
        super(message, null, false, false);
    }
}
