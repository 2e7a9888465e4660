package dev.sessions.registry.session;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.sessions.contract.history.EndReason;
import dev.sessions.contract.internal.RevokedCount;
import dev.sessions.registry.error.Problems;
import dev.sessions.registry.error.QueryParams;
import dev.sessions.registry.history.HistoryPage;
import dev.sessions.registry.history.HistoryService;
import dev.sessions.registry.revocation.Actor;
import dev.sessions.registry.revocation.Ending;
import dev.sessions.registry.security.AccessToken;
import dev.sessions.registry.security.Caller;

/** The caller's own sessions. */
@Path("/sessions")
@RolesAllowed("user")
@Tag(name = "Sessions", description = "The caller's live sessions")
@SecurityRequirement(name = "bearer")
@Produces(MediaType.APPLICATION_JSON)
public class SessionResource {

    private final SessionService sessions;
    private final HistoryService history;

    SessionResource(SessionService sessions, HistoryService history) {
        this.sessions = sessions;
        this.history = history;
    }

    @GET
    @Operation(
            summary = "List my sessions",
            description = "The current session first, then by last activity, newest first.")
    @APIResponse(
            responseCode = "200",
            description = "The caller's live sessions",
            content = @Content(schema = @Schema(type = SchemaType.ARRAY, implementation = SessionResponse.class)))
    @APIResponse(responseCode = "401", description = "Missing or invalid token, or ended session")
    @APIResponse(responseCode = "403", description = "The token lacks the role user")
    public Uni<List<SessionResponse>> list(@Context RoutingContext request) {
        AccessToken caller = Caller.of(request);
        return sessions.listOwn(caller.userId(), caller.sessionId())
                .map(list -> list.stream()
                        .map(s -> SessionResponse.of(s, caller.sessionId()))
                        .toList());
    }

    @GET
    @Path("/current")
    @Operation(
            summary = "Show my current session",
            description = "The session the calling access token belongs to, with its device, location and activity.")
    @APIResponse(
            responseCode = "200",
            description = "The session of the calling token",
            content = @Content(schema = @Schema(implementation = SessionResponse.class)))
    @APIResponse(responseCode = "401", description = "Missing or invalid token, or ended session")
    @APIResponse(responseCode = "403", description = "The token lacks the role user")
    public Uni<SessionResponse> current(@Context RoutingContext request) {
        AccessToken caller = Caller.of(request);
        return sessions.find(caller.userId(), caller.sessionId())
                .map(found -> found.map(s -> SessionResponse.of(s, caller.sessionId()))
                        .orElseThrow(() -> Problems.problem(Response.Status.UNAUTHORIZED, "The session has ended.")));
    }

    @DELETE
    @Path("/{sessionId}")
    @Operation(
            summary = "Revoke one of my sessions",
            description =
                    "Answers 204 also when the id is not one of the caller's live sessions, so that nobody can probe for ids.")
    @APIResponse(responseCode = "204", description = "Revoked, or nothing to revoke")
    @APIResponse(responseCode = "401", description = "Missing or invalid token, or ended session")
    @APIResponse(responseCode = "403", description = "The token lacks the role user")
    public Uni<Response> revoke(
            @Context RoutingContext request,
            @Parameter(description = "Session id") @PathParam("sessionId") String sessionId) {
        AccessToken caller = Caller.of(request);
        if (sessionId.length() > 128) {
            return Uni.createFrom().item(Response.noContent().build());
        }
        return sessions.revokeOwn(caller.userId(), sessionId)
                .replaceWith(Response.noContent().build());
    }

    @DELETE
    @Operation(
            summary = "Sign out of other devices or all devices",
            description =
                    "scope=others: every session but the current one (SIGN_OUT_OTHERS); scope=all: every session (SIGN_OUT_ALL).")
    @APIResponse(
            responseCode = "200",
            description = "How many sessions were revoked",
            content = @Content(schema = @Schema(implementation = RevokedCount.class)))
    @APIResponse(responseCode = "400", description = "scope missing or not others or all")
    @APIResponse(responseCode = "401", description = "Missing or invalid token, or ended session")
    @APIResponse(responseCode = "403", description = "The token lacks the role user")
    public Uni<RevokedCount> revokeMany(
            @Context RoutingContext request,
            @Parameter(
                            description = "others or all",
                            required = true,
                            schema = @Schema(enumeration = {"others", "all"}))
                    @QueryParam("scope")
                    String scope) {
        AccessToken caller = Caller.of(request);
        if ("others".equals(scope)) {
            return sessions.endAll(
                            caller.userId(),
                            caller.sessionId(),
                            Ending.revoked(EndReason.SIGN_OUT_OTHERS, Actor.user(caller.userId())))
                    .map(RevokedCount::new);
        }
        if ("all".equals(scope)) {
            return sessions.endAll(
                            caller.userId(), null, Ending.revoked(EndReason.SIGN_OUT_ALL, Actor.user(caller.userId())))
                    .map(RevokedCount::new);
        }
        throw Problems.problem(Response.Status.BAD_REQUEST, "scope must be others or all.");
    }

    @GET
    @Path("/history")
    @Operation(
            summary = "My session history",
            description = "Newest first; pass next as before= for the following page.")
    @APIResponse(
            responseCode = "200",
            description = "One page of events",
            content = @Content(schema = @Schema(implementation = HistoryPage.class)))
    @APIResponse(
            responseCode = "400",
            description = "limit not a number or below 1, or before neither a cursor nor an instant of years 1-9999")
    @APIResponse(responseCode = "503", description = "PostgreSQL is unreachable: the history cannot be read right now")
    @APIResponse(responseCode = "401", description = "Missing or invalid token, or ended session")
    @APIResponse(responseCode = "403", description = "The token lacks the role user")
    public Uni<HistoryPage> history(
            @Context RoutingContext request,
            @Parameter(
                            description = "Page size, 1 to 100 (default 20); larger is treated as 100",
                            schema =
                                    @Schema(
                                            type = SchemaType.INTEGER,
                                            format = "int32",
                                            minimum = "1",
                                            maximum = "100",
                                            defaultValue = "20"))
                    @QueryParam("limit")
                    String limit,
            @Parameter(description = "Cursor from a previous page (next), or an ISO-8601 instant") @QueryParam("before")
                    String before) {
        return history.page(Caller.of(request).userId(), QueryParams.integer("limit", limit, 1), before);
    }
}
