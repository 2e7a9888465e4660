package dev.sessions.registry.revocation;

import dev.sessions.contract.history.ActorType;

/** Who caused a history event: the user, an admin, or the system (expiry, reuse detection, address change). */
public record Actor(ActorType type, String id) {

    public static Actor user(String userId) {
        return new Actor(ActorType.USER, userId);
    }

    public static Actor admin(String adminId) {
        return new Actor(ActorType.ADMIN, adminId);
    }

    public static Actor system() {
        return new Actor(ActorType.SYSTEM, null);
    }
}
