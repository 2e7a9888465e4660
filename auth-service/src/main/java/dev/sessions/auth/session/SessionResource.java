package dev.sessions.auth.session;

import java.util.List;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.server.Cancellable;

import dev.sessions.auth.config.OpenApiDefinition;
import dev.sessions.auth.mfa.MfaChallenges;
import dev.sessions.auth.mfa.MfaMessages.MfaRequired;
import dev.sessions.auth.security.Caller;
import dev.sessions.auth.security.OriginGuard;
import dev.sessions.auth.session.SessionMessages.LoginRequest;
import dev.sessions.auth.session.SessionMessages.TokenResponse;
import dev.sessions.auth.session.SignInService.SecondFactorRequired;
import dev.sessions.auth.session.SignInService.SignInOutcome;
import dev.sessions.auth.session.SignInService.SignedIn;
import dev.sessions.auth.user.AccountStore;
import dev.sessions.contract.address.ClientAddressResolver;
import dev.sessions.contract.internal.ClientHints;
import dev.sessions.contract.problem.ProblemVocabulary;

/** Sign-in, refresh and sign-out. */
@Path("/auth")
@Tag(name = "Sessions")
public class SessionResource {

    private static final String TOKEN_EXAMPLE = """
            {"accessToken":"eyJhbGciOiJFUzI1NiIsImtpZCI6Ii4uLiJ9...","tokenType":"Bearer","expiresIn":900,\
            "sessionId":"q2X9v5mB7kP0aR3sT6uW8y","user":{"id":"4f1c7d3e-5a7b-4c1e-9a53-1f2a3b4c5d6e",\
            "email":"ada@example.com","displayName":"Ada Lovelace","roles":["user"]}}""";
    private static final String SET_COOKIE_DESCRIPTION = "refresh_token=<sid>.<secret>; Path=/auth; HttpOnly; Secure; "
            + "SameSite=Strict, with Max-Age (remaining session lifetime) only for remember-me sessions";
    private static final String ORIGIN_FORBIDDEN = """
            {"type":"about:blank","title":"Forbidden","status":403,"detail":"Requests from this origin may not use the refresh cookie."}""";

    private final SignInService signIn;
    private final RefreshService refresh;
    private final SignOutService signOut;
    private final OriginGuard origins;
    private final ClientAddressResolver addresses;

    SessionResource(
            SignInService signIn,
            RefreshService refresh,
            SignOutService signOut,
            OriginGuard origins,
            ClientAddressResolver addresses) {
        this.signIn = signIn;
        this.refresh = refresh;
        this.signOut = signOut;
        this.origins = origins;
        this.addresses = addresses;
    }

    /** Signs in. */
    @POST
    @Path("/login")
    @AccountStore
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Sign in",
            description =
                    "Checks the password, opens a session and answers an access token (202 and a second step instead for "
                            + "an account with two-factor sign-in); the refresh token is set as "
                            + "the refresh_token cookie. Failed attempts (wrong password or unknown email, nothing else) are "
                            + "throttled per account and per client address (an IPv6 address by its /64).")
    @RequestBody(
            required = true,
            content =
                    @Content(
                            schema = @Schema(implementation = LoginRequest.class),
                            examples =
                                    @ExampleObject(
                                            name = "login",
                                            value =
                                                    "{\"email\":\"ada@example.com\",\"password\":\"correct horse battery\",\"rememberMe\":true}")))
    @APIResponse(
            responseCode = "200",
            description = "Signed in",
            headers =
                    @Header(
                            name = "Set-Cookie",
                            description = SET_COOKIE_DESCRIPTION,
                            schema = @Schema(type = SchemaType.STRING)),
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = TokenResponse.class),
                            examples = @ExampleObject(name = "token", value = TOKEN_EXAMPLE)))
    @APIResponse(
            responseCode = "202",
            description = "The password is right and the account has two-factor sign-in: no session and no cookie yet; "
                    + "send a code with the mfaToken to POST /auth/login/mfa",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = MfaRequired.class),
                            examples =
                                    @ExampleObject(
                                            name = "mfaRequired",
                                            value =
                                                    "{\"mfaRequired\":true,\"mfaToken\":\"0sVd3...\",\"expiresIn\":300,\"methods\":[\"totp\",\"recovery_code\"]}")))
    @APIResponse(responseCode = "400", description = "Malformed body, e.g. an email over 320 characters")
    @APIResponse(
            responseCode = "401",
            description = "Wrong email or password (one answer for both)",
            content =
                    @Content(
                            mediaType = ProblemVocabulary.MEDIA_TYPE,
                            examples =
                                    @ExampleObject(
                                            name = "wrong",
                                            value =
                                                    "{\"type\":\"about:blank\",\"title\":\"Unauthorized\",\"status\":401,\"detail\":\"Wrong email or password.\"}")))
    @APIResponse(
            responseCode = "403",
            description = "The account is deactivated",
            content =
                    @Content(
                            mediaType = ProblemVocabulary.MEDIA_TYPE,
                            examples =
                                    @ExampleObject(
                                            name = "deactivated",
                                            value =
                                                    "{\"type\":\"about:blank\",\"title\":\"Forbidden\",\"status\":403,\"detail\":\"This account is deactivated.\"}")))
    @APIResponse(responseCode = "413", description = "Body over 64 KiB")
    @APIResponse(
            responseCode = "429",
            description = "Too many failed attempts for this account or from this address",
            headers =
                    @Header(
                            name = "Retry-After",
                            description = "Seconds until the failure window has passed",
                            schema = @Schema(type = SchemaType.INTEGER)))
    @APIResponse(
            responseCode = "503",
            description =
                    "The user store or the session registry is unreachable; or, with "
                            + "Retry-After, the password-hashing queue is full or too many attempts on the account or address are in flight")
    public Uni<Response> login(@Context HttpServerRequest http, LoginRequest request) {
        return signIn.signIn(
                        request,
                        addresses.resolve(http),
                        http.getHeader(HttpHeaders.USER_AGENT),
                        ClientHints.from(http::getHeader))
                .map(SessionResource::loginResponse);
    }

    /** Rotates the refresh cookie. */
    @POST
    @Cancellable(false)
    @Path("/refresh")
    @Produces(MediaType.APPLICATION_JSON)
    @SecurityRequirement(name = OpenApiDefinition.REFRESH_COOKIE)
    @Operation(
            summary = "Refresh the access token",
            description =
                    "Rotates the refresh cookie and answers a new access token. A token already rotated is reuse: "
                            + "the session is revoked (REFRESH_TOKEN_REUSE) and the answer is 401, except for the same token "
                            + "presented again within auth.refresh.reuse-grace (tabs racing), which gets the same new pair.")
    @APIResponse(
            responseCode = "200",
            description = "New access token and a new refresh cookie",
            headers =
                    @Header(
                            name = "Set-Cookie",
                            description = SET_COOKIE_DESCRIPTION,
                            schema = @Schema(type = SchemaType.STRING)),
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = TokenResponse.class),
                            examples = @ExampleObject(name = "token", value = TOKEN_EXAMPLE)))
    @APIResponse(
            responseCode = "401",
            description = "Cookie missing, unknown, expired, revoked or reused (the cookie is cleared)",
            content =
                    @Content(
                            mediaType = ProblemVocabulary.MEDIA_TYPE,
                            examples =
                                    @ExampleObject(
                                            name = "refused",
                                            value =
                                                    "{\"type\":\"about:blank\",\"title\":\"Unauthorized\",\"status\":401,\"detail\":\"The refresh token is unknown, expired or revoked.\"}")))
    @APIResponse(
            responseCode = "403",
            description = "Origin header not in auth.allowed-origins (or Origin: null)",
            content =
                    @Content(
                            mediaType = ProblemVocabulary.MEDIA_TYPE,
                            examples = @ExampleObject(name = "origin", value = ORIGIN_FORBIDDEN)))
    @APIResponse(
            responseCode = "503",
            description = "Redis or the session registry is unreachable",
            content =
                    @Content(
                            mediaType = ProblemVocabulary.MEDIA_TYPE,
                            examples =
                                    @ExampleObject(
                                            name = "unavailable",
                                            value =
                                                    "{\"type\":\"about:blank\",\"title\":\"Service Unavailable\",\"status\":503,\"detail\":\"The session registry is unavailable; try again shortly.\"}")))
    public Uni<Response> refresh(
            @Context HttpServerRequest http,
            @Parameter(hidden = true) @CookieParam(RefreshCookie.NAME) String cookie,
            @Parameter(hidden = true) @HeaderParam("Origin") String origin) {
        origins.check(origin);
        return refresh.refresh(
                        cookie,
                        addresses.resolve(http),
                        http.getHeader(HttpHeaders.USER_AGENT),
                        ClientHints.from(http::getHeader))
                .map(SessionResource::tokenResponse);
    }

    /** Signs out. */
    @POST
    @Cancellable(false)
    @Path("/logout")
    @SecurityRequirement(name = OpenApiDefinition.REFRESH_COOKIE)
    @SecurityRequirement(name = OpenApiDefinition.BEARER)
    @Operation(
            summary = "Sign out",
            description =
                    "Ends the session of a valid refresh cookie if one is sent, else that of a valid bearer token "
                            + "(history: SIGNED_OUT), and clears the cookie.")
    @APIResponse(
            responseCode = "204",
            description = "Signed out; the cookie is cleared with Max-Age=0",
            headers =
                    @Header(
                            name = "Set-Cookie",
                            description = "refresh_token=; Path=/auth; HttpOnly; Secure; SameSite=Strict; Max-Age=0",
                            schema = @Schema(type = SchemaType.STRING)))
    @APIResponse(
            responseCode = "401",
            description = "Neither the cookie nor a bearer token identifies a live session",
            content =
                    @Content(
                            mediaType = ProblemVocabulary.MEDIA_TYPE,
                            examples =
                                    @ExampleObject(
                                            name = "unauthorized",
                                            value =
                                                    "{\"type\":\"about:blank\",\"title\":\"Unauthorized\",\"status\":401,\"detail\":\"Neither a refresh cookie nor an access token identifies a live session.\"}")))
    @APIResponse(
            responseCode = "403",
            description = "A cookie was sent with an Origin not in auth.allowed-origins (or Origin: null)",
            content =
                    @Content(
                            mediaType = ProblemVocabulary.MEDIA_TYPE,
                            examples = @ExampleObject(name = "origin", value = ORIGIN_FORBIDDEN)))
    @APIResponse(
            responseCode = "503",
            description = "Redis or the session registry is unreachable",
            content =
                    @Content(
                            mediaType = ProblemVocabulary.MEDIA_TYPE,
                            examples =
                                    @ExampleObject(
                                            name = "unavailable",
                                            value =
                                                    "{\"type\":\"about:blank\",\"title\":\"Service Unavailable\",\"status\":503,\"detail\":\"The session registry is unavailable; try again shortly.\"}")))
    public Uni<Response> logout(
            @Parameter(hidden = true) @CookieParam(RefreshCookie.NAME) String cookie,
            @Parameter(hidden = true) @HeaderParam("Origin") String origin,
            @Context RoutingContext context) {
        if (cookie != null) {
            origins.check(origin);
        }
        return signOut.signOut(cookie, () -> Caller.authenticate(context))
                .map(done -> Response.noContent()
                        .header("Set-Cookie", RefreshCookie.clear())
                        .build());
    }

    private static Response loginResponse(SignInOutcome outcome) {
        if (outcome instanceof SecondFactorRequired required) {
            return Response.accepted(new MfaRequired(
                            true,
                            required.mfaToken(),
                            MfaChallenges.LIFETIME.toSeconds(),
                            List.of("totp", "recovery_code")))
                    .type(MediaType.APPLICATION_JSON)
                    .header("Cache-Control", "no-store")
                    .build();
        }
        return tokenResponse((SignedIn) outcome);
    }

    /** A token body with its refresh cookie, never cached. */
    public static Response tokenResponse(SignedIn signedIn) {
        return Response.ok(signedIn.body(), MediaType.APPLICATION_JSON)
                .header("Set-Cookie", signedIn.cookie())
                .header("Cache-Control", "no-store")
                .header("Pragma", "no-cache")
                .build();
    }
}
