package dev.sessions.contract.internal;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.ResponseStatus;

/**
 * The registry's internal REST API, called by auth-service with the shared internal credential: session-registry
 * implements it, auth-service's REST client extends it. Never routed by the gateway.
 */
@Path("/internal")
@Tag(
        name = "Internal",
        description = "Calls of auth-service with the shared internal credential; never routed by the gateway")
@SecurityRequirement(name = InternalSessionApi.SECURITY_SCHEME)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public interface InternalSessionApi {

    /** The registry's security scheme of the internal credential (its OpenAPI document). */
    String SECURITY_SCHEME = "internalToken";

    /** User and session ids as both services write them. */
    String ID_PATTERN = "[A-Za-z0-9_.:@-]{1,128}";

    /** Opens a session: writes it, its indexes and SIGNED_IN atomically. */
    @POST
    @Path("/sessions")
    @ResponseStatus(201)
    @Operation(
            summary = "Open a session",
            description = "Writes the session, its indexes and SIGNED_IN atomically; "
                    + "refused when the account is deactivated or changed; ends the user's least recently active sessions "
                    + "beyond maxSessions (REVOKED, SESSION_LIMIT).")
    @APIResponse(
            responseCode = "201",
            description = "Opened",
            content = @Content(schema = @Schema(implementation = OpenedSession.class)))
    @APIResponse(responseCode = "400", description = "Malformed body")
    @APIResponse(responseCode = "401", description = "Internal credential missing or wrong")
    @APIResponse(responseCode = "403", description = "The account is deactivated")
    @APIResponse(responseCode = "409", description = "The account changed after accountEpoch was read")
    Uni<OpenedSession> open(@Valid @NotNull OpenSessionRequest request);

    /** Extends a live session's deadline and records activity and address. */
    @POST
    @Path("/sessions/{sessionId}/refresh")
    @Operation(
            summary = "Extend a session after a refresh",
            description =
                    "Updates last activity, address, location and deadline; appends ADDRESS_CHANGED when the address changed.")
    @APIResponse(
            responseCode = "200",
            description = "Extended",
            content = @Content(schema = @Schema(implementation = RefreshedSession.class)))
    @APIResponse(responseCode = "400", description = "Malformed body")
    @APIResponse(responseCode = "401", description = "Internal credential missing or wrong")
    @APIResponse(responseCode = "404", description = "The session is not live")
    Uni<RefreshedSession> refresh(
            @PathParam("sessionId") @Pattern(regexp = ID_PATTERN) String sessionId,
            @Valid @NotNull RefreshSessionRequest request);

    /** Ends a live session (signed out or revoked). */
    @POST
    @Path("/sessions/{sessionId}/end")
    @Operation(
            summary = "End a session",
            description = "Sign-out or revocation of one session: live state removed, denylisted, recorded, announced.")
    @APIResponse(responseCode = "204", description = "Ended")
    @APIResponse(responseCode = "400", description = "Malformed body or unknown type, reason or actor")
    @APIResponse(responseCode = "401", description = "Internal credential missing or wrong")
    @APIResponse(responseCode = "404", description = "The session is not live")
    Uni<Void> end(
            @PathParam("sessionId") @Pattern(regexp = ID_PATTERN) String sessionId,
            @Valid @NotNull EndSessionRequest request);

    /** Revokes every live session of a user, optionally but one. */
    @POST
    @Path("/users/{userId}/revoke")
    @Operation(summary = "Revoke a user's sessions", description = "All of them, or all but exceptSessionId.")
    @APIResponse(
            responseCode = "200",
            description = "Revoked",
            content = @Content(schema = @Schema(implementation = RevokedCount.class)))
    @APIResponse(responseCode = "400", description = "Malformed body or unknown reason or actor")
    @APIResponse(responseCode = "401", description = "Internal credential missing or wrong")
    Uni<RevokedCount> revokeUser(
            @PathParam("userId") @Pattern(regexp = ID_PATTERN) String userId,
            @Valid @NotNull RevokeUserRequest request);
}
