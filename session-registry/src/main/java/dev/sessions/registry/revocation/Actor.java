package dev.sessions.registry.revocation;

/** Who caused a history event: the user, an admin, or the system (expiry, reuse detection, address change). */
public record Actor(ActorType type, String id) {

    /** The kinds of actor of the contract. */
    public enum ActorType { USER, ADMIN, SYSTEM }

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
