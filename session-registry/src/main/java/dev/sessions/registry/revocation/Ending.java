package dev.sessions.registry.revocation;

import dev.sessions.contract.history.EndReason;
import dev.sessions.contract.history.EventType;

/**
 * How a session ends: the history event type (SIGNED_OUT, REVOKED or EXPIRED), its reason (null for SIGNED_OUT, and
 * for EXPIRED, whose reason the script decides) and who ended it.
 */
public record Ending(EventType type, EndReason reason, Actor actor) {

    public static Ending revoked(EndReason reason, Actor actor) {
        return new Ending(EventType.REVOKED, reason, actor);
    }

    public static Ending signedOut(Actor actor) {
        return new Ending(EventType.SIGNED_OUT, null, actor);
    }

    public static Ending expired() {
        return new Ending(EventType.EXPIRED, null, Actor.system());
    }
}
