package dev.sessions.registry.report;

import jakarta.annotation.security.RolesAllowed;
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
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.sessions.registry.error.QueryParams;
import dev.sessions.registry.security.Caller;

/** Reported sessions, for admins. */
@Path("/admin/reports")
@RolesAllowed("admin")
@Tag(name = "Admin reports", description = "Sessions reported by their users")
@SecurityRequirement(name = "bearer")
@Produces(MediaType.APPLICATION_JSON)
public class AdminReportResource {

    private final ReportService reports;

    AdminReportResource(ReportService reports) {
        this.reports = reports;
    }

    @GET
    @Operation(
            summary = "List reports",
            description = "Newest first, one page at a time (page from 0; size 20 unless asked, at most 100, larger "
                    + "sizes are treated as 100); without status, reports of both statuses.")
    @APIResponse(
            responseCode = "200",
            description = "One page of reports",
            content = @Content(schema = @Schema(implementation = ReportPage.class)))
    @APIResponse(responseCode = "400", description = "status not OPEN or RESOLVED, page below 0 or size below 1")
    @APIResponse(responseCode = "401", description = "Missing or invalid token, or ended session")
    @APIResponse(responseCode = "403", description = "The caller is not an admin")
    @APIResponse(responseCode = "503", description = "PostgreSQL is unreachable")
    public Uni<ReportPage> list(
            @Parameter(description = "OPEN or RESOLVED", schema = @Schema(enumeration = {Report.OPEN, Report.RESOLVED}))
                    @QueryParam("status")
                    String status,
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
                            description = "Page size, 1 to 100 (default 20); larger sizes are treated as 100",
                            schema =
                                    @Schema(
                                            type = SchemaType.INTEGER,
                                            format = "int32",
                                            minimum = "1",
                                            maximum = "100",
                                            defaultValue = "20"))
                    @QueryParam("size")
                    String size) {
        return reports.page(status, QueryParams.integer("page", page, 0), QueryParams.integer("size", size, 1));
    }

    @POST
    @Path("/{reportId}/resolve")
    @Operation(summary = "Resolve a report", description = "Resolving a resolved report changes nothing.")
    @APIResponse(responseCode = "204", description = "Resolved")
    @APIResponse(responseCode = "401", description = "Missing or invalid token, or ended session")
    @APIResponse(responseCode = "403", description = "The caller is not an admin")
    @APIResponse(responseCode = "404", description = "No report has this id")
    @APIResponse(responseCode = "503", description = "PostgreSQL is unreachable")
    public Uni<Response> resolve(@Context RoutingContext request, @PathParam("reportId") String reportId) {
        return reports.resolve(Caller.of(request).userId(), reportId)
                .replaceWith(Response.noContent().build());
    }
}
