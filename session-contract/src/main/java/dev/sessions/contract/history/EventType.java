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
    /** By the user through an emailed link, without a session. */
    PASSWORD_RESET,
    MFA_ENABLED,
    MFA_DISABLED,
    RECOVERY_CODE_USED,
    /** The user reported one of their sessions to the admins (the report revokes it with {@code REPORTED}). */
    SESSION_REPORTED,
    /** By an admin, without a session. */
    ROLES_CHANGED,
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
