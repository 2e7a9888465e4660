package dev.sessions.registry.session;

import dev.sessions.registry.error.Problems;
import dev.sessions.registry.revocation.Actor;
import dev.sessions.registry.revocation.Ending;
import dev.sessions.registry.revocation.Reasons;
import dev.sessions.registry.security.Cidr;
import dev.sessions.registry.security.ClientAddressResolver;
import dev.sessions.registry.security.InternalApi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Clock;
import java.time.Instant;

/** The calls auth-service makes (docs/internal-api.md); never routed by the gateway. */
@Path("/internal")
@InternalApi
@Tag(name = "Internal", description = "Service-to-service calls of auth-service; internal credential required")
@SecurityRequirement(name = "internalToken")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class InternalSessionResource {

    private static final String ID_PATTERN = "[A-Za-z0-9_.:@-]{1,128}";

    private final SessionService sessions;
    private final ClientAddressResolver clientAddress;
    private final Clock clock;

    InternalSessionResource(SessionService sessions, ClientAddressResolver clientAddress, Clock clock) {
        this.clock = clock;
        this.sessions = sessions;
        this.clientAddress = clientAddress;
    }

    @POST
    @Path("/sessions")
    @Operation(summary = "Open a session", description = "Writes the session, its indexes and SIGNED_IN atomically; "
            + "refused when the account is deactivated or changed; ends the user's least recently active sessions "
            + "beyond maxSessions (REVOKED, SESSION_LIMIT).")
    @APIResponse(responseCode = "201", description = "Opened", content = @Content(schema = @Schema(implementation = OpenedSession.class)))
    @APIResponse(responseCode = "400", description = "Malformed body")
    @APIResponse(responseCode = "401", description = "Internal credential missing or wrong")
    @APIResponse(responseCode = "403", description = "The account is deactivated")
    @APIResponse(responseCode = "409", description = "The account changed after accountEpoch was read")
    public Uni<Response> open(@Valid @NotNull OpenSessionRequest request, @Context HttpServerRequest http) {
        requireAddress(request.ipAddress());
        Instant now = clock.instant();
        if (!request.maxExpiresAt().isAfter(now) || !request.expiresAt().isAfter(now)) {
            throw Problems.problem(Response.Status.BAD_REQUEST, "expiresAt and maxExpiresAt must lie in the future.");
        }
        return sessions.open(request.userId(), request.userAgent(), addressOf(request.ipAddress(), http),
                        Boolean.TRUE.equals(request.rememberMe()), request.expiresAt(), request.maxExpiresAt(),
                        request.accountEpoch(), request.maxSessions() == null ? 0 : request.maxSessions())
                .map(s -> Response.status(Response.Status.CREATED)
                        .entity(new OpenedSession(s.id(), s.createdAt(), s.expiresAt())).build());
    }

    @POST
    @Path("/sessions/{sessionId}/refresh")
    @Operation(summary = "Extend a session after a refresh", description = "Updates last activity, address, location and deadline; appends ADDRESS_CHANGED when the address changed.")
    @APIResponse(responseCode = "200", description = "Extended", content = @Content(schema = @Schema(implementation = RefreshedSession.class)))
    @APIResponse(responseCode = "400", description = "Malformed body")
    @APIResponse(responseCode = "401", description = "Internal credential missing or wrong")
    @APIResponse(responseCode = "404", description = "The session is not live")
    public Uni<RefreshedSession> refresh(@PathParam("sessionId") @Pattern(regexp = ID_PATTERN) String sessionId,
                                         @Valid @NotNull RefreshSessionRequest request, @Context HttpServerRequest http) {
        requireAddress(request.ipAddress());
        return sessions.refresh(sessionId, addressOf(request.ipAddress(), http), request.expiresAt())
                .map(result -> result.map(r -> new RefreshedSession(sessionId, r.userId(), r.expiresAt()))
                        .orElseThrow(InternalSessionResource::notLive));
    }

    @POST
    @Path("/sessions/{sessionId}/end")
    @Operation(summary = "End a session", description = "Sign-out or revocation of one session: live state removed, denylisted, recorded, announced.")
    @APIResponse(responseCode = "204", description = "Ended")
    @APIResponse(responseCode = "400", description = "Malformed body or unknown type, reason or actor")
    @APIResponse(responseCode = "401", description = "Internal credential missing or wrong")
    @APIResponse(responseCode = "404", description = "The session is not live")
    public Uni<Response> end(@PathParam("sessionId") @Pattern(regexp = ID_PATTERN) String sessionId,
                             @Valid @NotNull EndSessionRequest request) {
        Ending ending = ending(request.type(), request.reason(), request.actorType(), request.actorId());
        return sessions.end(sessionId, ending).map(ended -> {
            if (!ended) {
                throw notLive();
            }
            return Response.noContent().build();
        });
    }

    @POST
    @Path("/users/{userId}/revoke")
    @Operation(summary = "Revoke a user's sessions", description = "All of them, or all but exceptSessionId.")
    @APIResponse(responseCode = "200", description = "Revoked", content = @Content(schema = @Schema(implementation = RevokedCount.class)))
    @APIResponse(responseCode = "400", description = "Malformed body or unknown reason or actor")
    @APIResponse(responseCode = "401", description = "Internal credential missing or wrong")
    public Uni<RevokedCount> revokeUser(@PathParam("userId") @Pattern(regexp = ID_PATTERN) String userId,
                                        @Valid @NotNull RevokeUserRequest request) {
        Ending ending = ending(Ending.REVOKED, request.reason(), request.actorType(), request.actorId());
        return sessions.endAll(userId, blankToNull(request.exceptSessionId()), ending).map(RevokedCount::new);
    }

    private static Ending ending(String type, String reason, String actorType, String actorId) {
        if (Ending.SIGNED_OUT.equals(type)) {
            if (reason != null && !reason.isBlank()) {
                throw Problems.problem(Response.Status.BAD_REQUEST, "SIGNED_OUT carries no reason.");
            }
        } else if (!Ending.REVOKED.equals(type) || reason == null || !Reasons.REVOKED.contains(reason)) {
            throw Problems.problem(Response.Status.BAD_REQUEST, "type must be SIGNED_OUT or REVOKED with a known reason.");
        }
        Actor.ActorType actor;
        try {
            actor = Actor.ActorType.valueOf(actorType);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw Problems.problem(Response.Status.BAD_REQUEST, "actorType must be USER, ADMIN or SYSTEM.");
        }
        return new Ending(type, reason, new Actor(actor, actor == Actor.ActorType.SYSTEM ? null : blankToNull(actorId)));
    }

    /** The address auth-service saw, or else the one this request carries (X-Forwarded-For from a trusted proxy). */
    private String addressOf(String given, HttpServerRequest http) {
        if (given != null && !given.isBlank()) {
            return given.strip();
        }
        String peer = http.remoteAddress() == null ? null : http.remoteAddress().hostAddress();
        return clientAddress.resolve(peer, http.getHeader("X-Forwarded-For"));
    }

    private static void requireAddress(String ipAddress) {
        if (ipAddress != null && !ipAddress.isBlank() && Cidr.literal(ipAddress) == null) {
            throw Problems.problem(Response.Status.BAD_REQUEST, "ipAddress must be an IPv4 or IPv6 address.");
        }
    }

    private static RuntimeException notLive() {
        return Problems.problem(Response.Status.NOT_FOUND, "The session is not live.");
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    /** Body of {@code POST /internal/sessions}. */
    @Schema(name = "OpenSessionRequest")
    public record OpenSessionRequest(
            @NotBlank @Pattern(regexp = ID_PATTERN) String userId,
            @Size(max = 4096) String userAgent,
            @Schema(description = "Client address; when absent, taken from this request (X-Forwarded-For of a trusted proxy)")
            @Size(max = 64) String ipAddress,
            Boolean rememberMe,
            @NotNull Instant expiresAt,
            @NotNull Instant maxExpiresAt,
            @Schema(description = "The account's epoch auth-service read with the account; the session is not opened "
                    + "when the account has changed since (409) or is deactivated (403)")
            @PositiveOrZero Long accountEpoch,
            @Schema(description = "Most live sessions the user may have (auth.session.max-per-user); beyond it the "
                    + "least recently active ones end (REVOKED, SESSION_LIMIT). Absent or 0: no cap")
            @PositiveOrZero Integer maxSessions) {
    }

    /** Answer of {@code POST /internal/sessions}. */
    @Schema(name = "OpenedSession")
    public record OpenedSession(String sessionId, Instant createdAt, Instant expiresAt) {
    }

    /** Body of {@code POST /internal/sessions/{sid}/refresh}. */
    @Schema(name = "RefreshSessionRequest")
    public record RefreshSessionRequest(@Size(max = 64) String ipAddress, @NotNull Instant expiresAt) {
    }

    /** Answer of {@code POST /internal/sessions/{sid}/refresh}. */
    @Schema(name = "RefreshedSession")
    public record RefreshedSession(String sessionId, String userId, Instant expiresAt) {
    }

    /** Body of {@code POST /internal/sessions/{sid}/end}. */
    @Schema(name = "EndSessionRequest")
    public record EndSessionRequest(@NotBlank String type, String reason, @NotBlank String actorType,
                                    @Size(max = 128) String actorId) {
    }

    /** Body of {@code POST /internal/users/{userId}/revoke}. */
    @Schema(name = "RevokeUserRequest")
    public record RevokeUserRequest(@NotBlank String reason, @NotBlank String actorType, @Size(max = 128) String actorId,
                                    @Size(max = 128) String exceptSessionId) {
    }
}
