package dev.sessions.registry.check;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.sessions.contract.http.BearerToken;
import dev.sessions.registry.error.Problems;
import dev.sessions.registry.metrics.RegistryMetrics;
import dev.sessions.registry.security.AccessToken;
import dev.sessions.registry.security.DecisionUnavailableException;
import dev.sessions.registry.security.InvalidTokenException;

/**
 * The gateway's per-request check ({@code auth_request}). It accepts any method, since nginx may send the
 * subrequest with the client's.
 */
@Path("/check")
@Tag(name = "Check", description = "Per-request decision for the gateway")
public class CheckResource {

    static final String USER_HEADER = "X-Auth-User";
    static final String SESSION_HEADER = "X-Auth-Session";
    static final String ROLES_HEADER = "X-Auth-Roles";
    /** On a 401 for an ended session: why it ended, for the gateway's own 401 answer, which cannot read a body. */
    static final String REASON_HEADER = "X-Auth-Reason";

    // any failure left is answered 500 by the error mappers: no decision, counted as unavailable
    private static final int UNANSWERED = 500;

    private final AccessCheck access;
    private final RegistryMetrics metrics;

    CheckResource(AccessCheck access, RegistryMetrics metrics) {
        this.access = access;
        this.metrics = metrics;
    }

    @GET
    @Operation(
            summary = "Check a bearer token",
            description =
                    "204 with X-Auth-User, X-Auth-Session and X-Auth-Roles when the token is valid and its session live.")
    @SecurityRequirement(name = "bearer")
    @APIResponse(
            responseCode = "204",
            description = "Valid token of a live session",
            headers = {
                @Header(name = USER_HEADER, description = "User id"),
                @Header(name = SESSION_HEADER, description = "Session id"),
                @Header(name = ROLES_HEADER, description = "Roles, comma-separated")
            })
    @APIResponse(
            responseCode = "401",
            description = "Missing, invalid or expired token, or ended session; for an ended session the problem's"
                    + " \"reason\" (and X-Auth-Reason) says why it ended",
            headers = @Header(name = REASON_HEADER, description = "Why the token's session ended"))
    @APIResponse(
            responseCode = "503",
            description = "The decision cannot be made now (signing keys or denylist unreachable)")
    public Uni<Response> check(
            @Parameter(in = ParameterIn.HEADER, name = HttpHeaders.AUTHORIZATION, example = "Bearer eyJ...")
                    @HeaderParam(HttpHeaders.AUTHORIZATION)
                    String authorization) {
        long start = System.nanoTime();
        String token = BearerToken.from(authorization);
        if (token == null) {
            Response refused = Problems.unauthorized("A bearer token is required.");
            metrics.checked(refused.getStatus(), start);
            return Uni.createFrom().item(refused);
        }
        return access.admit(token)
                .map(CheckResource::allowed)
                .onFailure(InvalidTokenException.class)
                .recoverWithItem(CheckResource::refused)
                .onFailure(DecisionUnavailableException.class)
                .recoverWithItem(f -> Problems.of(
                        Response.Status.SERVICE_UNAVAILABLE, "The session state cannot be checked right now."))
                .onItemOrFailure()
                .invoke((response, failure) ->
                        metrics.checked(failure == null ? response.getStatus() : UNANSWERED, start));
    }

    @POST
    @Operation(hidden = true)
    public Uni<Response> checkPost(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        return check(authorization);
    }

    @PUT
    @Operation(hidden = true)
    public Uni<Response> checkPut(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        return check(authorization);
    }

    @DELETE
    @Operation(hidden = true)
    public Uni<Response> checkDelete(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        return check(authorization);
    }

    @PATCH
    @Operation(hidden = true)
    public Uni<Response> checkPatch(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        return check(authorization);
    }

    private static Response refused(Throwable failure) {
        String reason = ((InvalidTokenException) failure).reason();
        Response problem = Problems.unauthorized("The token is not accepted: " + failure.getMessage() + ".", reason);
        return reason == null
                ? problem
                : Response.fromResponse(problem).header(REASON_HEADER, reason).build();
    }

    private static Response allowed(AccessToken token) {
        return Response.noContent()
                .header(USER_HEADER, token.userId())
                .header(SESSION_HEADER, token.sessionId())
                .header(ROLES_HEADER, String.join(",", token.roles()))
                .build();
    }
}
