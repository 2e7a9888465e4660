package dev.sessions.auth.user;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.Cancellable;

import dev.sessions.auth.config.OpenApiDefinition;
import dev.sessions.auth.security.Caller;
import dev.sessions.auth.user.UserMessages.PasswordChangeRequest;
import dev.sessions.contract.address.ClientAddressResolver;
import dev.sessions.contract.problem.ProblemVocabulary;

/** The signed-in user's password change. */
@Path("/auth/password")
@AccountStore
@Tag(name = "Account")
// its changes take several steps (stores, history, registry, mail): one whose client goes away runs to its end
@Cancellable(false)
public class PasswordResource {

    private final PasswordService passwords;
    private final ClientAddressResolver addresses;

    PasswordResource(PasswordService passwords, ClientAddressResolver addresses) {
        this.passwords = passwords;
        this.addresses = addresses;
    }

    /** Changes the caller's password. */
    @POST
    @Authenticated
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @SecurityRequirement(name = OpenApiDefinition.BEARER)
    @Operation(
            summary = "Change the password",
            description =
                    "Needs the current password. Other sessions stay signed in unless signOutOtherSessions is true "
                            + "(then they are revoked with reason PASSWORD_CHANGED). Recorded in the history as PASSWORD_CHANGED.")
    @RequestBody(
            required = true,
            content =
                    @Content(
                            schema = @Schema(implementation = PasswordChangeRequest.class),
                            examples =
                                    @ExampleObject(
                                            name = "change",
                                            value =
                                                    "{\"currentPassword\":\"correct horse battery\",\"newPassword\":\"tr0ub4dor and more\",\"signOutOtherSessions\":true}")))
    @APIResponse(responseCode = "204", description = "Password changed")
    @APIResponse(responseCode = "400", description = "Malformed body or a new password under 10 characters")
    @APIResponse(responseCode = "401", description = "No valid access token, or its session has ended")
    @APIResponse(
            responseCode = "403",
            description = "The current password is wrong",
            content =
                    @Content(
                            mediaType = ProblemVocabulary.MEDIA_TYPE,
                            examples =
                                    @ExampleObject(
                                            name = "wrongPassword",
                                            value =
                                                    "{\"type\":\"about:blank\",\"title\":\"Forbidden\",\"status\":403,\"detail\":\"The current password is wrong.\"}")))
    @APIResponse(responseCode = "413", description = "Body over 64 KiB")
    @APIResponse(responseCode = "429", description = "Too many wrong passwords for this account; see Retry-After")
    @APIResponse(
            responseCode = "503",
            description = "The user store or the session registry is unreachable, or (with "
                    + "Retry-After) the password-hashing queue is full")
    public Uni<RestResponse<Void>> changePassword(
            @Context RoutingContext context, @Context HttpServerRequest http, PasswordChangeRequest request) {
        return passwords
                .change(Caller.of(context), request, addresses.resolve(http), http.getHeader(HttpHeaders.USER_AGENT))
                .map(done -> RestResponse.noContent());
    }
}
