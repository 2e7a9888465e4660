package dev.sessions.contract.internal;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import dev.sessions.contract.history.ActorType;
import dev.sessions.contract.history.EndReason;

/** Body of {@code POST /internal/users/{userId}/revoke}; names travel as strings as in {@link EndSessionRequest}. */
@Schema(name = "RevokeUserRequest")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RevokeUserRequest(
        @NotBlank String reason,
        @NotBlank String actorType,
        @Size(max = 128) String actorId,
        @Size(max = 128) String exceptSessionId) {

    /** Revokes for {@code reason}, by this actor, every session but {@code exceptSessionId} (null: all). */
    public static RevokeUserRequest of(EndReason reason, ActorType actorType, String actorId, String exceptSessionId) {
        return new RevokeUserRequest(reason.name(), actorType.name(), actorId, exceptSessionId);
    }
}
