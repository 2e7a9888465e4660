package dev.sessions.auth.recovery;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.Cancellable;

import dev.sessions.auth.recovery.RecoveryMessages.ForgotAnswer;
import dev.sessions.auth.recovery.RecoveryMessages.ForgotRequest;
import dev.sessions.auth.recovery.RecoveryMessages.ResetRequest;
import dev.sessions.auth.user.AccountStore;
import dev.sessions.contract.address.ClientAddressResolver;

/** Account recovery: a reset link by mail, and a new password with it. */
@Path("/auth/password")
@AccountStore
@Tag(name = "Account")
// its changes take several steps (stores, history, registry, mail): one whose client goes away runs to its end
@Cancellable(false)
public class PasswordResetResource {

    private final PasswordResetService resets;
    private final ClientAddressResolver addresses;

    PasswordResetResource(PasswordResetService resets, ClientAddressResolver addresses) {
        this.resets = resets;
        this.addresses = addresses;
    }

    /** Asks for a reset link. */
    @POST
    @Path("/forgot")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Ask for a password reset link",
            description = "202 with the same body for every well-formed email, known or not, after the same work: the "
                    + "account is looked up afterwards. An active account gets an email with a link "
                    + "<auth.public-url>/reset-password#token=…, valid for auth.password-reset.ttl. Throttled per "
                    + "client address (IPv6 by /64) and per email.")
    @RequestBody(
            required = true,
            content =
                    @Content(
                            schema = @Schema(implementation = ForgotRequest.class),
                            examples = @ExampleObject(name = "forgot", value = "{\"email\":\"ada@example.com\"}")))
    @APIResponse(
            responseCode = "202",
            description = "Accepted; a link is mailed if an active account has this email",
            content = @Content(schema = @Schema(implementation = ForgotAnswer.class)))
    @APIResponse(responseCode = "400", description = "Malformed body or email")
    @APIResponse(responseCode = "413", description = "Body over 64 KiB")
    @APIResponse(
            responseCode = "429",
            description = "Too many requests from this address or for this email; see Retry-After")
    @APIResponse(responseCode = "503", description = "The user store or Redis is unreachable")
    public Uni<RestResponse<ForgotAnswer>> forgot(@Context HttpServerRequest http, ForgotRequest request) {
        return resets.forgot(request, addresses.resolve(http))
                .map(queued -> RestResponse.status(RestResponse.Status.ACCEPTED, RecoveryMessages.ACCEPTED));
    }

    /** Sets a new password with the token of a reset link. */
    @POST
    @Path("/reset")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Set a new password with a reset link",
            description = "Single use; a newer link voids older ones. Sets the password, signs every session of the "
                    + "account out (REVOKED, reason PASSWORD_RESET) before answering, and records PASSWORD_RESET. "
                    + "Two-factor authentication stays as it was.")
    @RequestBody(
            required = true,
            content =
                    @Content(
                            schema = @Schema(implementation = ResetRequest.class),
                            examples =
                                    @ExampleObject(
                                            name = "reset",
                                            value =
                                                    "{\"token\":\"Xo3m…43 characters\",\"newPassword\":\"tr0ub4dor and more\"}")))
    @APIResponse(responseCode = "204", description = "Password set; every session of the account signed out")
    @APIResponse(
            responseCode = "400",
            description = "Unknown, used or expired token, or a new password under 10 characters")
    @APIResponse(responseCode = "413", description = "Body over 64 KiB")
    @APIResponse(
            responseCode = "503",
            description = "The user store, Redis or the session registry is unreachable, or (with Retry-After) the "
                    + "password-hashing queue is full; the link stays usable")
    public Uni<RestResponse<Void>> reset(@Context HttpServerRequest http, ResetRequest request) {
        return resets.reset(request, addresses.resolve(http), http.getHeader(HttpHeaders.USER_AGENT))
                .map(done -> RestResponse.noContent());
    }
}
