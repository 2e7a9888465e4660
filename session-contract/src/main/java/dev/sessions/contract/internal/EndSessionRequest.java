package dev.sessions.contract.internal;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import dev.sessions.contract.history.ActorType;
import dev.sessions.contract.history.EndReason;
import dev.sessions.contract.history.EventType;

/**
 * Body of {@code POST /internal/sessions/{sid}/end}. Names travel as strings so that the registry, not the JSON
 * parser, answers an unknown one (400 with a sentence).
 */
@Schema(name = "EndSessionRequest")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EndSessionRequest(
        @NotBlank String type,
        String reason,
        @NotBlank String actorType,
        @Size(max = 128) String actorId) {

    /** The user signed the session out. */
    public static EndSessionRequest signedOut(String userId) {
        return new EndSessionRequest(EventType.SIGNED_OUT.name(), null, ActorType.USER.name(), userId);
    }

    /** The session is revoked for {@code reason} by this actor (id null for SYSTEM). */
    public static EndSessionRequest revoked(EndReason reason, ActorType actorType, String actorId) {
        return new EndSessionRequest(EventType.REVOKED.name(), reason.name(), actorType.name(), actorId);
    }
}
