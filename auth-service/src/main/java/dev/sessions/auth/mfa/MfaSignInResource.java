package dev.sessions.auth.mfa;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.server.Cancellable;

import dev.sessions.auth.mfa.MfaMessages.LoginRequest;
import dev.sessions.auth.session.SessionMessages.TokenResponse;
import dev.sessions.auth.session.SessionResource;
import dev.sessions.auth.user.AccountStore;
import dev.sessions.contract.address.ClientAddressResolver;
import dev.sessions.contract.internal.ClientHints;

/** The second step of a sign-in for an account with two-factor authentication. */
@Path("/auth/login/mfa")
@AccountStore
@Tag(name = "Sessions")
// its changes take several steps (stores, history, registry, mail): one whose client goes away runs to its end
@Cancellable(false)
public class MfaSignInResource {

    private final SecondFactorSignIn secondFactor;
    private final ClientAddressResolver addresses;

    MfaSignInResource(SecondFactorSignIn secondFactor, ClientAddressResolver addresses) {
        this.secondFactor = secondFactor;
        this.addresses = addresses;
    }

    /** Completes a sign-in with a TOTP or recovery code. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Sign in: second step",
            description = "Takes the mfaToken of a 202 answer of POST /auth/login and a TOTP code (one step of drift "
                    + "either way; a code is accepted once) or an unused recovery code (RECOVERY_CODE_USED), and opens the "
                    + "session as the first step asked (remember-me). The token lives 5 minutes, is spent by the first "
                    + "right code and is void after 5 codes. A wrong code counts as a failed sign-in of the account and "
                    + "the address, throttled as passwords are.")
    @RequestBody(
            required = true,
            content =
                    @Content(
                            schema = @Schema(implementation = LoginRequest.class),
                            examples =
                                    @ExampleObject(
                                            name = "body",
                                            value = "{\"mfaToken\":\"0sVd3...\",\"code\":\"123456\"}")))
    @APIResponse(
            responseCode = "200",
            description = "Signed in; the access token's amr is [\"pwd\",\"otp\"]",
            headers =
                    @Header(
                            name = "Set-Cookie",
                            description = "the refresh_token cookie, as for POST /auth/login",
                            schema = @Schema(type = SchemaType.STRING)),
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = TokenResponse.class)))
    @APIResponse(responseCode = "400", description = "Malformed body or a missing field")
    @APIResponse(responseCode = "401", description = "Wrong code, or the mfaToken is unknown, expired, used or void")
    @APIResponse(responseCode = "403", description = "The account was deactivated since the first step")
    @APIResponse(responseCode = "413", description = "Body over 64 KiB")
    @APIResponse(
            responseCode = "429",
            description = "Too many failed attempts for this account or from this address",
            headers =
                    @Header(
                            name = "Retry-After",
                            description = "Seconds until the failure window has passed",
                            schema = @Schema(type = SchemaType.INTEGER)))
    @APIResponse(responseCode = "503", description = "The user store or the session registry is unreachable")
    public Uni<Response> complete(@Context HttpServerRequest http, LoginRequest request) {
        return secondFactor
                .complete(
                        request,
                        addresses.resolve(http),
                        http.getHeader(HttpHeaders.USER_AGENT),
                        ClientHints.from(http::getHeader))
                .map(SessionResource::tokenResponse);
    }
}
