package dev.sessions.contract.history;

import java.util.Optional;

/** Who caused a history event: the user, an admin, or the system (expiry, reuse detection, address change). */
public enum ActorType {
    USER,
    ADMIN,
    SYSTEM;

    /** The actor type spelled {@code name}, or empty for anything else. */
    public static Optional<ActorType> of(String name) {
        for (ActorType type : values()) {
            if (type.name().equals(name)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
