package dev.sessions.registry.check;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.sessions.registry.error.Problems;
import dev.sessions.registry.security.AccessToken;
import dev.sessions.registry.security.DecisionUnavailableException;
import dev.sessions.registry.security.IntrospectionApi;
import dev.sessions.registry.security.InvalidTokenException;

/**
 * Token introspection for back-end clients: introspection clients with their own credentials (HTTP Basic,
 * {@code registry.introspection.clients}) and auth-service with the internal credential.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc7662#section-2">RFC 7662, section 2</a>
 */
@Path("/introspect")
@IntrospectionApi
@Tag(name = "Check", description = "Per-request decision for the gateway")
public class IntrospectResource {

    private final AccessCheck access;

    IntrospectResource(AccessCheck access) {
        this.access = access;
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.APPLICATION_JSON)
    @SecurityRequirement(name = "introspectionClient")
    @SecurityRequirement(name = "internalToken")
    @Operation(
            summary = "Introspect an access token (RFC 7662)",
            description = "active is true only for a valid token whose session is live.")
    @APIResponse(
            responseCode = "200",
            description = "Introspection result",
            content =
                    @Content(
                            examples = {
                                @ExampleObject(
                                        name = "active",
                                        value =
                                                "{\"active\":true,\"sub\":\"6f1c…\",\"sid\":\"hR3kq9Zt0mW2x7yB1cD4eA\","
                                                        + "\"exp\":1795340000,\"iat\":1795339100,\"groups\":[\"user\"],\"token_type\":\"Bearer\"}"),
                                @ExampleObject(name = "inactive", value = "{\"active\":false}")
                            }))
    @APIResponse(
            responseCode = "401",
            description =
                    "Neither an introspection client's credentials nor the internal credential (WWW-Authenticate: Basic)")
    @APIResponse(responseCode = "413", description = "The form is larger than the body limit")
    @APIResponse(responseCode = "503", description = "The session state cannot be checked right now")
    public Uni<Response> introspect(@FormParam("token") String token) {
        if (token == null || token.isBlank()) {
            return Uni.createFrom().item(Response.ok(Map.of("active", false)).build());
        }
        return access.admit(token.strip())
                .map(t -> Response.ok(active(t)).build())
                .onFailure(InvalidTokenException.class)
                .recoverWithItem(f -> Response.ok(Map.of("active", false)).build())
                .onFailure(DecisionUnavailableException.class)
                .recoverWithItem(f -> Problems.of(
                        Response.Status.SERVICE_UNAVAILABLE, "The session state cannot be checked right now."));
    }

    private static Map<String, Object> active(AccessToken token) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("active", true);
        body.put("sub", token.userId());
        body.put("sid", token.sessionId());
        body.put("exp", token.expiresAt());
        body.put("iat", token.issuedAt());
        body.put("groups", token.roles());
        body.put("token_type", "Bearer");
        if (token.tokenId() != null) {
            body.put("jti", token.tokenId());
        }
        if (token.email() != null) {
            body.put("email", token.email());
        }
        return body;
    }
}
