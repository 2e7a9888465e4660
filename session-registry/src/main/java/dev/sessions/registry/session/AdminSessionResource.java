package dev.sessions.registry.session;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
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
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.sessions.contract.history.EndReason;
import dev.sessions.contract.internal.RevokedCount;
import dev.sessions.registry.config.RegistryConfig;
import dev.sessions.registry.error.Problems;
import dev.sessions.registry.error.QueryParams;
import dev.sessions.registry.history.HistoryPage;
import dev.sessions.registry.history.HistoryService;
import dev.sessions.registry.revocation.Actor;
import dev.sessions.registry.revocation.Ending;
import dev.sessions.registry.security.Caller;

/** Admin view and force-logout of any user's sessions. */
@Path("/admin")
@RolesAllowed("admin")
@Tag(name = "Admin sessions", description = "Sessions of any user, for admins")
@SecurityRequirement(name = "bearer")
@Produces(MediaType.APPLICATION_JSON)
public class AdminSessionResource {

    static final String TOTAL_HEADER = "X-Total-Count";

    private final SessionService sessions;
    private final HistoryService history;
    private final int maxPageSize;

    AdminSessionResource(SessionService sessions, HistoryService history, RegistryConfig config) {
        this.sessions = sessions;
        this.history = history;
        this.maxPageSize = config.sessions().adminPageSize();
    }

    @GET
    @Path("/users/{userId}/sessions")
    @Operation(
            summary = "List a user's sessions",
            description =
                    "Most recently active first, one page at a time (page from 0; size at most 100, larger sizes are treated as 100); X-Total-Count tells how many there are.")
    @APIResponse(
            responseCode = "200",
            description = "One page of the user's live sessions (current is false for all)",
            headers =
                    @Header(
                            name = TOTAL_HEADER,
                            description = "Number of live sessions of the user (all pages)",
                            schema = @Schema(type = SchemaType.INTEGER, format = "int32", minimum = "0")),
            content = @Content(schema = @Schema(type = SchemaType.ARRAY, implementation = SessionResponse.class)))
    @APIResponse(responseCode = "400", description = "page or size not a number, page below 0 or size below 1")
    @APIResponse(responseCode = "401", description = "Missing or invalid token, or ended session")
    @APIResponse(responseCode = "403", description = "The caller is not an admin")
    public Uni<Response> list(
            @PathParam("userId") String userId,
            @Parameter(
                            description = "Page number, from 0",
                            schema =
                                    @Schema(
                                            type = SchemaType.INTEGER,
                                            format = "int32",
                                            minimum = "0",
                                            defaultValue = "0"))
                    @QueryParam("page")
                    String page,
            @Parameter(
                            description = "Page size, 1 to 100 (default 100); larger sizes are treated as 100",
                            schema =
                                    @Schema(
                                            type = SchemaType.INTEGER,
                                            format = "int32",
                                            minimum = "1",
                                            maximum = "100",
                                            defaultValue = "100"))
                    @QueryParam("size")
                    String size) {
        Integer requestedSize = QueryParams.integer("size", size, 1);
        Integer requestedPage = QueryParams.integer("page", page, 0);
        int pageSize = requestedSize == null ? maxPageSize : Math.min(requestedSize, maxPageSize);
        int pageNumber = requestedPage == null ? 0 : requestedPage;
        return sessions.listForAdmin(userId, pageNumber, pageSize)
                .map(result -> Response.ok(result.sessions().stream()
                                .map(s -> SessionResponse.of(s, null))
                                .toList())
                        .header(TOTAL_HEADER, result.total())
                        .build());
    }

    @POST
    @Path("/users/{userId}/logout")
    @Operation(
            summary = "Force-logout a user",
            description =
                    "Revokes every session of the user (ADMIN_LOGOUT). The answer comes once every subscriber of the "
                            + "revocation channel (each registry and auth-service instance) has acknowledged it: from then on no "
                            + "instance lets the user's tokens pass /check, and their refresh tokens are refused. A subscriber that "
                            + "does not acknowledge within registry.revocation.ack-wait (250 ms) delays the answer until its lease "
                            + "(registry.revocation.lease) has run out too, so that it no longer answers from memory; the answer "
                            + "then holds all the same, and the log names the instances that did not acknowledge (ADR 3, ADR 7).")
    @APIResponse(
            responseCode = "200",
            description = "How many sessions were revoked",
            content = @Content(schema = @Schema(implementation = RevokedCount.class)))
    @APIResponse(responseCode = "401", description = "Missing or invalid token, or ended session")
    @APIResponse(responseCode = "403", description = "The caller is not an admin")
    public Uni<RevokedCount> logout(@Context RoutingContext request, @PathParam("userId") String userId) {
        return sessions.endAll(
                        userId,
                        null,
                        Ending.revoked(
                                EndReason.ADMIN_LOGOUT,
                                Actor.admin(Caller.of(request).userId())))
                .map(RevokedCount::new);
    }

    @DELETE
    @Path("/sessions/{sessionId}")
    @Operation(
            summary = "Revoke any session",
            description = "Revokes one session (ADMIN_REVOKED); answers once every instance has acknowledged, as "
                    + "POST /admin/users/{userId}/logout does.")
    @APIResponse(responseCode = "204", description = "Revoked")
    @APIResponse(responseCode = "401", description = "Missing or invalid token, or ended session")
    @APIResponse(responseCode = "403", description = "The caller is not an admin")
    @APIResponse(responseCode = "404", description = "Unknown or already ended")
    public Uni<Response> revoke(@Context RoutingContext request, @PathParam("sessionId") String sessionId) {
        return sessions.revokeAsAdmin(Caller.of(request).userId(), sessionId).map(revoked -> {
            if (!revoked) {
                throw Problems.problem(Response.Status.NOT_FOUND, "No live session has this id.");
            }
            return Response.noContent().build();
        });
    }

    @GET
    @Path("/users/{userId}/history")
    @Operation(summary = "A user's session history", description = "As GET /sessions/history, for the given user.")
    @APIResponse(
            responseCode = "200",
            description = "One page of events",
            content = @Content(schema = @Schema(implementation = HistoryPage.class)))
    @APIResponse(
            responseCode = "400",
            description = "limit not a number or below 1, or before neither a cursor nor an instant of years 1-9999")
    @APIResponse(responseCode = "503", description = "PostgreSQL is unreachable: the history cannot be read right now")
    @APIResponse(responseCode = "401", description = "Missing or invalid token, or ended session")
    @APIResponse(responseCode = "403", description = "The caller is not an admin")
    public Uni<HistoryPage> history(
            @PathParam("userId") String userId,
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
        return history.page(userId, QueryParams.integer("limit", limit, 1), before);
    }
}
