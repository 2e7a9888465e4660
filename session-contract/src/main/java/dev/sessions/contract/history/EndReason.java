package dev.sessions.contract.history;

import java.util.Optional;

/**
 * Why a session ended: the reasons the contract allows for {@link EventType#REVOKED} and {@link EventType#EXPIRED}.
 * The denylist entry ({@code revoked:<sid>}) and the 401 of an ended session carry the same names.
 */
public enum EndReason {
    USER_REVOKED(EventType.REVOKED, Kind.USER),
    SIGN_OUT_OTHERS(EventType.REVOKED, Kind.USER),
    SIGN_OUT_ALL(EventType.REVOKED, Kind.USER),
    PASSWORD_CHANGED(EventType.REVOKED, Kind.USER),
    PASSWORD_RESET(EventType.REVOKED, Kind.USER),
    /** The user reported the session as not theirs: shown as an attack, like a detected reuse. */
    REPORTED(EventType.REVOKED, Kind.SECURITY),
    ADMIN_LOGOUT(EventType.REVOKED, Kind.ADMIN),
    ADMIN_REVOKED(EventType.REVOKED, Kind.ADMIN),
    ACCOUNT_DEACTIVATED(EventType.REVOKED, Kind.ADMIN),
    REFRESH_TOKEN_REUSE(EventType.REVOKED, Kind.SECURITY),
    SESSION_LIMIT(EventType.REVOKED, Kind.SYSTEM),
    IDLE(EventType.EXPIRED, Kind.SYSTEM),
    MAX_LIFETIME(EventType.EXPIRED, Kind.SYSTEM);

    /** Who or what a reason stands for: the user, an admin, the system's rules, or a detected attack. */
    public enum Kind {
        USER,
        ADMIN,
        SYSTEM,
        SECURITY
    }

    private final EventType type;
    private final Kind kind;

    EndReason(EventType type, Kind kind) {
        this.type = type;
        this.kind = kind;
    }

    /** The event type this reason belongs to: REVOKED or EXPIRED. */
    public EventType type() {
        return type;
    }

    /** Who or what ended the session. */
    public Kind kind() {
        return kind;
    }

    /** The reason spelled {@code name}, or empty for a name this version does not know. */
    public static Optional<EndReason> of(String name) {
        for (EndReason reason : values()) {
            if (reason.name().equals(name)) {
                return Optional.of(reason);
            }
        }
        return Optional.empty();
    }

    /** The reason spelled {@code name} if it is one of {@code type}'s. */
    public static Optional<EndReason> of(EventType type, String name) {
        return of(name).filter(reason -> reason.type == type);
    }
}
