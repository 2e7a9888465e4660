package dev.sessions.auth.mfa;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
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
import dev.sessions.auth.mfa.MfaMessages.CodeRequest;
import dev.sessions.auth.mfa.MfaMessages.DisableRequest;
import dev.sessions.auth.mfa.MfaMessages.MfaStatus;
import dev.sessions.auth.mfa.MfaMessages.RecoveryCodesResponse;
import dev.sessions.auth.mfa.MfaMessages.SetupRequest;
import dev.sessions.auth.mfa.MfaMessages.SetupResponse;
import dev.sessions.auth.security.Caller;
import dev.sessions.auth.user.AccountStore;
import dev.sessions.contract.address.ClientAddressResolver;

/** The signed-in user's two-factor authentication (TOTP, RFC 6238) and recovery codes. */
@Path("/auth/mfa")
@AccountStore
@Tag(name = "Two-factor authentication")
@Authenticated
@SecurityRequirement(name = OpenApiDefinition.BEARER)
// its changes take several steps (stores, history, registry, mail): one whose client goes away runs to its end
@Cancellable(false)
public class MfaResource {

    private final MfaService mfa;
    private final ClientAddressResolver addresses;

    MfaResource(MfaService mfa, ClientAddressResolver addresses) {
        this.mfa = mfa;
        this.addresses = addresses;
    }

    /** The caller's two-factor settings. */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Two-factor settings",
            description = "Whether TOTP is on, since when, and how many recovery codes are left.")
    @APIResponse(
            responseCode = "200",
            description = "The settings",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = MfaStatus.class)))
    @APIResponse(responseCode = "401", description = "No valid access token, or its session has ended")
    public Uni<MfaStatus> status(@Context RoutingContext context) {
        return mfa.status(Caller.of(context));
    }

    /** Starts a TOTP set-up. */
    @POST
    @Path("/totp/setup")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Set up TOTP",
            description = "Needs the current password. Answers a new secret (base32 and as an otpauth:// URI for a QR "
                    + "code); nothing changes until it is confirmed, and a new set-up replaces an unconfirmed one. The "
                    + "secret is stored encrypted. A wrong password counts as a failed sign-in of the account.")
    @RequestBody(
            required = true,
            content =
                    @Content(
                            schema = @Schema(implementation = SetupRequest.class),
                            examples =
                                    @ExampleObject(
                                            name = "body",
                                            value = "{\"currentPassword\":\"correct horse battery\"}")))
    @APIResponse(
            responseCode = "200",
            description = "A new secret, waiting for confirmation",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = SetupResponse.class)))
    @APIResponse(responseCode = "400", description = "Malformed body or a missing field")
    @APIResponse(responseCode = "401", description = "No valid access token, or its session has ended")
    @APIResponse(responseCode = "403", description = "The current password is wrong")
    @APIResponse(responseCode = "409", description = "Two-factor authentication is already on")
    @APIResponse(responseCode = "413", description = "Body over 64 KiB")
    @APIResponse(
            responseCode = "429",
            description = "Too many wrong passwords or codes for this account; see Retry-After")
    @APIResponse(
            responseCode = "503",
            description = "The user store is unreachable, or (with Retry-After) the password-hashing queue is full")
    public Uni<SetupResponse> setup(@Context RoutingContext context, SetupRequest request) {
        return mfa.setup(Caller.of(context), request);
    }

    /** Confirms the set-up with a first code. */
    @POST
    @Path("/totp/confirm")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Turn TOTP on",
            description = "Confirms the waiting set-up with a code from the authenticator app (one step of clock drift "
                    + "either way is allowed) and answers ten recovery codes, shown this once and stored only as hashes. "
                    + "Recorded in the history as MFA_ENABLED.")
    @RequestBody(
            required = true,
            content =
                    @Content(
                            schema = @Schema(implementation = CodeRequest.class),
                            examples = @ExampleObject(name = "body", value = "{\"code\":\"123456\"}")))
    @APIResponse(
            responseCode = "200",
            description = "Two-factor sign-in is on; the recovery codes",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = RecoveryCodesResponse.class)))
    @APIResponse(responseCode = "400", description = "Wrong code, malformed body, or no set-up waiting")
    @APIResponse(responseCode = "401", description = "No valid access token, or its session has ended")
    @APIResponse(
            responseCode = "409",
            description = "Two-factor authentication is already on, or the set-up was replaced meanwhile")
    @APIResponse(responseCode = "413", description = "Body over 64 KiB")
    @APIResponse(
            responseCode = "503",
            description = "The user store is unreachable, or (with Retry-After) the password-hashing queue is full")
    public Uni<RecoveryCodesResponse> confirm(
            @Context RoutingContext context, @Context HttpServerRequest http, CodeRequest request) {
        return mfa.confirm(
                Caller.of(context), request, addresses.resolve(http), http.getHeader(HttpHeaders.USER_AGENT));
    }

    /** Turns TOTP off. */
    @DELETE
    @Path("/totp")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Turn TOTP off",
            description =
                    "Needs the current password and a TOTP code or an unused recovery code. Deletes the secret and "
                            + "the recovery codes. Recorded as MFA_DISABLED (and RECOVERY_CODE_USED for a recovery code). A "
                            + "wrong password or code counts as a failed sign-in of the account.")
    @RequestBody(
            required = true,
            content =
                    @Content(
                            schema = @Schema(implementation = DisableRequest.class),
                            examples =
                                    @ExampleObject(
                                            name = "body",
                                            value =
                                                    "{\"currentPassword\":\"correct horse battery\",\"code\":\"123456\"}")))
    @APIResponse(responseCode = "204", description = "Two-factor sign-in is off")
    @APIResponse(responseCode = "400", description = "Malformed body or a missing field")
    @APIResponse(responseCode = "401", description = "No valid access token, or its session has ended")
    @APIResponse(responseCode = "403", description = "The current password or the code is wrong")
    @APIResponse(responseCode = "409", description = "Two-factor authentication is not on")
    @APIResponse(responseCode = "413", description = "Body over 64 KiB")
    @APIResponse(
            responseCode = "429",
            description = "Too many wrong passwords or codes for this account; see Retry-After")
    @APIResponse(
            responseCode = "503",
            description = "The user store is unreachable, or (with Retry-After) the password-hashing queue is full")
    public Uni<RestResponse<Void>> disable(
            @Context RoutingContext context, @Context HttpServerRequest http, DisableRequest request) {
        return mfa.disable(Caller.of(context), request, addresses.resolve(http), http.getHeader(HttpHeaders.USER_AGENT))
                .map(done -> RestResponse.noContent());
    }

    /** Replaces the recovery codes. */
    @POST
    @Path("/recovery-codes")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "New recovery codes",
            description =
                    "Needs a TOTP code. Answers ten new recovery codes, shown this once; the old ones stop working. "
                            + "A wrong code counts as a failed sign-in of the account.")
    @RequestBody(
            required = true,
            content =
                    @Content(
                            schema = @Schema(implementation = CodeRequest.class),
                            examples = @ExampleObject(name = "body", value = "{\"code\":\"123456\"}")))
    @APIResponse(
            responseCode = "200",
            description = "The new recovery codes",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = RecoveryCodesResponse.class)))
    @APIResponse(responseCode = "400", description = "Malformed body or a missing field")
    @APIResponse(responseCode = "401", description = "No valid access token, or its session has ended")
    @APIResponse(responseCode = "403", description = "The code is wrong")
    @APIResponse(responseCode = "409", description = "Two-factor authentication is not on")
    @APIResponse(responseCode = "413", description = "Body over 64 KiB")
    @APIResponse(
            responseCode = "429",
            description = "Too many wrong passwords or codes for this account; see Retry-After")
    @APIResponse(
            responseCode = "503",
            description = "The user store is unreachable, or (with Retry-After) the password-hashing queue is full")
    public Uni<RecoveryCodesResponse> newRecoveryCodes(@Context RoutingContext context, CodeRequest request) {
        return mfa.newRecoveryCodes(Caller.of(context), request);
    }
}
