package dev.sessions.registry.security;

/** Whether a token is acceptable cannot be decided now (keys or denylist unreachable): answered 503, never 204. */
public class DecisionUnavailableException extends RuntimeException {

    public DecisionUnavailableException(String message, Throwable cause) {
        super(message, cause, false, false);
    }
}
