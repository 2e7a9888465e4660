package dev.sessions.auth.token;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The JWK Set at its well-known location, the same document as {@code /auth/jwks.json}. */
@Path("/.well-known/jwks.json")
@Tag(name = "Keys")
public class WellKnownJwksResource {

    private final SigningKeys keys;

    WellKnownJwksResource(SigningKeys keys) {
        this.keys = keys;
    }

    /** The JWK Set. */
    @GET
    @Produces({"application/json", JwksResource.JWK_SET})
    @Operation(
            summary = "Public keys (JWK Set), well-known location",
            description = "Same document as /auth/jwks.json.")
    @APIResponse(
            responseCode = "200",
            description = "JWK Set",
            content =
                    @Content(
                            mediaType = "application/json",
                            examples = @ExampleObject(name = "jwks", value = JwksResource.EXAMPLE)))
    public Response jwks() {
        return JwksResource.document(keys);
    }
}
