package dev.sessions.registry.history;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import dev.sessions.contract.history.ActorType;
import dev.sessions.contract.history.EndReason;
import dev.sessions.contract.history.EventType;
import dev.sessions.contract.session.SessionFlag;
import dev.sessions.registry.device.Device;
import dev.sessions.registry.geo.Location;

/** A history event as the contract shows it. */
@Schema(name = "HistoryEvent", description = "Something that happened to one of the user's sessions")
public record HistoryEventResponse(
        @Schema(example = "5f561f68-b6f1-4683-a45b-068e5c8d0a8d")
        String id,

        @Schema(example = "hR3kq9Zt0mW2x7yB1cD4eA", nullable = true)
        String sessionId,

        @Schema(implementation = EventType.class, example = "REVOKED")
        String type,

        @Schema(
                implementation = EndReason.class,
                nullable = true,
                example = "USER_REVOKED",
                description = "For REVOKED and EXPIRED: why the session ended")
        String reason,

        @Schema(example = "2026-11-22T10:02:11Z") Instant at,
        ActorResponse actor,
        @Schema(nullable = true, example = "81.2.69.142") String ipAddress,
        @Schema(nullable = true) Location location,
        @Schema(nullable = true) Device device,

        @Schema(
                nullable = true,
                description = "For SIGNED_IN: whether the session was opened with a second factor; null otherwise")
        Boolean mfa,

        @JsonInclude(JsonInclude.Include.NON_NULL)
        @Schema(
                description = "On SIGNED_IN only: the sign-in's flags, as the session carries them",
                example = "[\"NEW_DEVICE\"]")
        List<SessionFlag> flags) {

    static HistoryEventResponse of(HistoryEvent event) {
        return new HistoryEventResponse(
                event.id().toString(),
                event.sessionId(),
                event.type(),
                event.reason(),
                event.at(),
                new ActorResponse(event.actorType(), event.actorId()),
                event.ipAddress(),
                event.location(),
                event.device(),
                event.mfa(),
                event.flags());
    }

    /** Who caused the event. */
    @Schema(name = "Actor")
    public record ActorResponse(
            @Schema(implementation = ActorType.class, example = "USER")
            String type,

            @Schema(nullable = true, description = "The user's id for USER, the admin's for ADMIN, null for SYSTEM")
            String id) {}
}
