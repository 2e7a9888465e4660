package dev.sessions.registry.revocation;

/**
 * How a session ends: the history event type, its reason (may be null for SIGNED_OUT) and who ended it.
 */
public record Ending(String type, String reason, Actor actor) {

    public static final String SIGNED_OUT = "SIGNED_OUT";
    public static final String REVOKED = "REVOKED";
    public static final String EXPIRED = "EXPIRED";

    public static Ending revoked(String reason, Actor actor) {
        return new Ending(REVOKED, reason, actor);
    }
}
