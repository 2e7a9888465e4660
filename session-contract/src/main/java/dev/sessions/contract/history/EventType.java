package dev.sessions.contract.history;

import java.util.Optional;

/** The types of history event, as stored in the outbox, in PostgreSQL and answered by the history API. */
public enum EventType {
    SIGNED_IN,
    SIGNED_OUT,
    REVOKED,
    EXPIRED,
    SIGN_IN_FAILED,
    PASSWORD_CHANGED,
    ADDRESS_CHANGED,
    /** By an admin, without a session. */
    ACCOUNT_DEACTIVATED,
    /** By an admin, without a session. */
    ACCOUNT_REACTIVATED;

    /** The type spelled {@code name}, or empty for a name this version does not know. */
    public static Optional<EventType> of(String name) {
        for (EventType type : values()) {
            if (type.name().equals(name)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
