package dev.sessions.auth.user;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;

import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.Cancellable;

import dev.sessions.auth.config.OpenApiDefinition;
import dev.sessions.auth.security.Caller;
import dev.sessions.auth.user.UserMessages.RolesRequest;
import dev.sessions.auth.user.UserMessages.UserPage;
import dev.sessions.contract.problem.ProblemVocabulary;

/** User administration: search, deactivate, reactivate. */
@Path("/admin/users")
@AccountStore
@RolesAllowed("admin")
@Tag(name = "Admin")
@SecurityRequirement(name = OpenApiDefinition.BEARER)
@Produces(MediaType.APPLICATION_JSON)
// its changes take several steps (stores, history, registry, mail): one whose client goes away runs to its end
@Cancellable(false)
public class AdminUserResource {

    private static final String PAGE_EXAMPLE = """
            {"items":[{"id":"4f1c7d3e-5a7b-4c1e-9a53-1f2a3b4c5d6e","email":"ada@example.com","displayName":"Ada Lovelace",\
            "roles":["user"],"status":"ACTIVE","createdAt":"2026-11-22T09:15:00Z"}],"page":0,"size":20,"total":1}""";

    private final AccountAdminService admin;

    AdminUserResource(AccountAdminService admin) {
        this.admin = admin;
    }

    /** Lists users. */
    @GET
    @Operation(
            summary = "List users",
            description =
                    "Sorted by email; query matches email or display name (case-insensitive substring). Pages from 0; "
                            + "size defaults to 20 and is capped at 100.")
    @APIResponse(
            responseCode = "200",
            description = "One page of users",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = UserPage.class),
                            examples = @ExampleObject(name = "page", value = PAGE_EXAMPLE)))
    @APIResponse(
            responseCode = "400",
            description = "page or size is not a whole number, page < 0 or size < 1",
            content =
                    @Content(
                            mediaType = ProblemVocabulary.MEDIA_TYPE,
                            examples =
                                    @ExampleObject(
                                            name = "badPage",
                                            value =
                                                    "{\"type\":\"about:blank\",\"title\":\"Bad Request\",\"status\":400,\"detail\":\"page must be 0 or more.\"}")))
    @APIResponse(responseCode = "401", description = "No valid access token, or its session has ended")
    @APIResponse(responseCode = "403", description = "The caller is not an administrator")
    @APIResponse(responseCode = "503", description = "The user store or Redis is unreachable")
    public Uni<UserPage> list(
            @Parameter(description = "Substring of email or display name, any case", example = "ada")
                    @QueryParam("query")
                    String query,
            @Parameter(description = "Page number from 0", example = "0") @QueryParam("page") String page,
            @Parameter(description = "Page size, default 20, at most 100", example = "20") @QueryParam("size")
                    String size) {
        return admin.list(query, page, size);
    }

    /** Deactivates a user and ends all their sessions. */
    @POST
    @Path("/{userId}/deactivate")
    @Operation(
            summary = "Deactivate a user",
            description = "The user can no longer sign in or refresh; every session of theirs is revoked (reason "
                    + "ACCOUNT_DEACTIVATED) before the answer, including sessions whose sign-in or refresh was in "
                    + "flight; an ACCOUNT_DEACTIVATED event by ADMIN is recorded. Administrators cannot deactivate "
                    + "themselves or the last active administrator.")
    @APIResponse(responseCode = "204", description = "Deactivated, all sessions ended")
    @APIResponse(responseCode = "401", description = "No valid access token, or its session has ended")
    @APIResponse(responseCode = "403", description = "The caller is not an administrator")
    @APIResponse(responseCode = "404", description = "No such user")
    @APIResponse(
            responseCode = "409",
            description = "An administrator tried to deactivate their own account or the last active administrator",
            content =
                    @Content(
                            mediaType = ProblemVocabulary.MEDIA_TYPE,
                            examples =
                                    @ExampleObject(
                                            name = "self",
                                            value =
                                                    "{\"type\":\"about:blank\",\"title\":\"Conflict\",\"status\":409,\"detail\":\"Administrators cannot deactivate their own account.\"}")))
    @APIResponse(responseCode = "503", description = "The user store or the session registry is unreachable")
    public Uni<RestResponse<Void>> deactivate(
            @Context RoutingContext context, @Parameter(description = "User id") @PathParam("userId") String userId) {
        return admin.deactivate(Caller.of(context), userId).map(done -> RestResponse.noContent());
    }

    /** Lets a deactivated user sign in again. */
    @POST
    @Path("/{userId}/reactivate")
    @Operation(
            summary = "Reactivate a user",
            description = "The user can sign in again; an ACCOUNT_REACTIVATED " + "event by ADMIN is recorded.")
    @APIResponse(responseCode = "204", description = "Reactivated")
    @APIResponse(responseCode = "401", description = "No valid access token, or its session has ended")
    @APIResponse(responseCode = "403", description = "The caller is not an administrator")
    @APIResponse(responseCode = "404", description = "No such user")
    @APIResponse(responseCode = "503", description = "The user store is unreachable")
    public Uni<RestResponse<Void>> reactivate(
            @Context RoutingContext context, @Parameter(description = "User id") @PathParam("userId") String userId) {
        return admin.reactivate(Caller.of(context), userId).map(done -> RestResponse.noContent());
    }

    /** Grants or removes the admin role. */
    @PUT
    @Path("/{userId}/roles")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Set a user's roles",
            description = "Gives the user exactly these roles; \"user\" is always kept. The user's sessions carry the "
                    + "new roles from their next refresh (a refresh always re-reads the account's status and roles); "
                    + "an access token issued before keeps its roles until it expires. A ROLES_CHANGED event by ADMIN "
                    + "is recorded when the roles changed. Administrators may remove their own admin role while "
                    + "another active administrator remains.")
    @APIResponse(responseCode = "204", description = "The user has these roles")
    @APIResponse(
            responseCode = "400",
            description = "No roles list, or an unknown role",
            content =
                    @Content(
                            mediaType = ProblemVocabulary.MEDIA_TYPE,
                            examples =
                                    @ExampleObject(
                                            name = "unknownRole",
                                            value =
                                                    "{\"type\":\"about:blank\",\"title\":\"Bad Request\",\"status\":400,\"detail\":\"Unknown role; the roles are \\\"user\\\" and \\\"admin\\\".\"}")))
    @APIResponse(responseCode = "401", description = "No valid access token, or its session has ended")
    @APIResponse(responseCode = "403", description = "The caller is not an administrator")
    @APIResponse(responseCode = "404", description = "No such user")
    @APIResponse(
            responseCode = "409",
            description = "The change would leave no active administrator",
            content =
                    @Content(
                            mediaType = ProblemVocabulary.MEDIA_TYPE,
                            examples =
                                    @ExampleObject(
                                            name = "lastAdmin",
                                            value =
                                                    "{\"type\":\"about:blank\",\"title\":\"Conflict\",\"status\":409,\"detail\":\"The last active administrator cannot lose the admin role.\"}")))
    @APIResponse(responseCode = "503", description = "The user store is unreachable")
    public Uni<RestResponse<Void>> setRoles(
            @Context RoutingContext context,
            @Parameter(description = "User id") @PathParam("userId") String userId,
            RolesRequest request) {
        return admin.setRoles(Caller.of(context), userId, request).map(done -> RestResponse.noContent());
    }
}
