package dev.sessions.registry.report;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.sessions.registry.security.Caller;

/** A user reports one of their sessions to the admins. */
@Path("/sessions/{sessionId}/report")
@RolesAllowed("user")
@Tag(name = "Sessions", description = "The caller's live sessions")
@SecurityRequirement(name = "bearer")
@Produces(MediaType.APPLICATION_JSON)
public class ReportResource {

    private final ReportService reports;

    ReportResource(ReportService reports) {
        this.reports = reports;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Report one of my sessions to an administrator",
            description = "Revokes the session (REPORTED) and records SESSION_REPORTED, in one step; the report is "
                    + "listed for admins once the history outbox has drained it (normally within a second).")
    @RequestBody(required = false, content = @Content(schema = @Schema(implementation = ReportRequest.class)))
    @APIResponse(
            responseCode = "202",
            description = "Reported and revoked",
            content = @Content(schema = @Schema(implementation = ReportCreated.class)))
    @APIResponse(
            responseCode = "400",
            description = "The current session, a note over 1,000 characters, or a malformed body")
    @APIResponse(responseCode = "401", description = "Missing or invalid token, or ended session")
    @APIResponse(responseCode = "403", description = "The token lacks the role user")
    @APIResponse(
            responseCode = "404",
            description = "Not one of the caller's live sessions (another user's or unknown)")
    public Uni<Response> report(
            @Context RoutingContext request,
            @Parameter(description = "Session id") @PathParam("sessionId") String sessionId,
            ReportRequest body) {
        return reports.report(Caller.of(request), sessionId, body == null ? null : body.note())
                .map(created -> Response.accepted(created).build());
    }
}
