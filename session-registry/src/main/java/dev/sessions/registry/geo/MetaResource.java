package dev.sessions.registry.geo;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** What the console needs to know about the registry's data, without signing in: the location data's credit line. */
@Path("/sessions/meta")
@Tag(name = "Sessions", description = "The caller's live sessions")
public class MetaResource {

    private final LocationResolver locations;

    MetaResource(LocationResolver locations) {
        this.locations = locations;
    }

    @GET
    @PermitAll
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Attribution of the location data",
            description = "null when the configured data asks for none or no data is configured.")
    @APIResponse(
            responseCode = "200",
            description = "Attribution",
            content = @Content(schema = @Schema(implementation = Meta.class)))
    public Uni<Meta> meta() {
        return Uni.createFrom().item(new Meta(locations.attribution().orElse(null)));
    }

    /** The body of {@code GET /sessions/meta}. */
    @Schema(name = "RegistryMeta")
    public record Meta(@Schema(nullable = true) Attribution locationAttribution) {}
}
