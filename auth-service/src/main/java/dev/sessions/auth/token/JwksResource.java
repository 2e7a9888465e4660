package dev.sessions.auth.token;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Publishes the public keys that verify access tokens (RFC 7517 JWK Set). */
@Path("/auth/jwks.json")
@Tag(name = "Keys", description = "Public keys that verify access tokens")
public class JwksResource {

    static final String JWK_SET = "application/jwk-set+json";
    static final String EXAMPLE = """
            {"keys":[{"kty":"OKP","kid":"Xb3d...","use":"sig","alg":"EdDSA","crv":"Ed25519","x":"JxryBDVuk5WQ..."}]}""";

    private final SigningKeys keys;

    JwksResource(SigningKeys keys) {
        this.keys = keys;
    }

    /** The JWK Set under the auth prefix (routed by the gateway). */
    @GET
    @Produces({"application/json", JWK_SET})
    @Operation(
            summary = "Public keys (JWK Set)",
            description =
                    "The keys that verify access tokens; during a key rotation the old and the new key are listed.")
    @APIResponse(
            responseCode = "200",
            description = "JWK Set",
            content =
                    @Content(mediaType = "application/json", examples = @ExampleObject(name = "jwks", value = EXAMPLE)))
    public Response jwks() {
        return document(keys);
    }

    /** The JWK Set document, cacheable for five minutes (the registry refetches on an unknown kid). */
    static Response document(SigningKeys keys) {
        CacheControl cache = new CacheControl();
        cache.setMaxAge(300);
        return Response.ok(keys.jwksJson(), "application/json")
                .cacheControl(cache)
                .build();
    }
}
