package dev.sessions.auth.user;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;

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
import org.jboss.resteasy.reactive.RestResponse;

import dev.sessions.auth.user.UserMessages.RegisteredUser;
import dev.sessions.auth.user.UserMessages.RegistrationRequest;
import dev.sessions.contract.address.ClientAddressResolver;
import dev.sessions.contract.problem.ProblemVocabulary;

/** Self-service registration. */
@Path("/auth/register")
@AccountStore
@Tag(name = "Account")
public class RegistrationResource {

    private final UserService users;
    private final ClientAddressResolver addresses;

    RegistrationResource(UserService users, ClientAddressResolver addresses) {
        this.users = users;
        this.addresses = addresses;
    }

    /** Creates an account with the role {@code user}. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Register a new account",
            description =
                    "Creates an account with the role user. Refused with 403 when auth.registration.enabled is false. "
                            + "Throttled per client address (an IPv6 address by its /64) before any password is hashed: "
                            + "auth.registration.max-per-address well-formed attempts (201 or 409) per auth.registration.window.")
    @RequestBody(
            required = true,
            content =
                    @Content(
                            schema = @Schema(implementation = RegistrationRequest.class),
                            examples =
                                    @ExampleObject(
                                            name = "register",
                                            value =
                                                    "{\"email\":\"ada@example.com\",\"password\":\"correct horse battery\",\"displayName\":\"Ada Lovelace\"}")))
    @APIResponse(
            responseCode = "201",
            description = "Account created",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = RegisteredUser.class),
                            examples =
                                    @ExampleObject(
                                            name = "created",
                                            value =
                                                    "{\"id\":\"4f1c7d3e-5a7b-4c1e-9a53-1f2a3b4c5d6e\",\"email\":\"ada@example.com\"}")))
    @APIResponse(
            responseCode = "400",
            description = "Malformed body, invalid email or display name, or a password under 10 characters")
    @APIResponse(responseCode = "403", description = "Registration is disabled")
    @APIResponse(responseCode = "409", description = "The email is taken (compared without regard to case)")
    @APIResponse(responseCode = "413", description = "Body over 64 KiB")
    @APIResponse(
            responseCode = "429",
            description = "Too many registrations from this address",
            headers =
                    @Header(
                            name = "Retry-After",
                            description = "Seconds until the window has passed",
                            schema = @Schema(type = SchemaType.INTEGER)),
            content =
                    @Content(
                            mediaType = ProblemVocabulary.MEDIA_TYPE,
                            examples =
                                    @ExampleObject(
                                            name = "throttled",
                                            value =
                                                    "{\"type\":\"about:blank\",\"title\":\"Too Many Requests\",\"status\":429,\"detail\":\"Too many registrations from this address; try again later.\"}")))
    @APIResponse(
            responseCode = "503",
            description = "The user store is unreachable, or the password-hashing queue is full (with Retry-After)")
    public Uni<RestResponse<RegisteredUser>> register(@Context HttpServerRequest http, RegistrationRequest request) {
        return users.register(request, addresses.resolve(http))
                .map(user -> RestResponse.status(
                        RestResponse.Status.CREATED, new RegisteredUser(user.id.toString(), user.email)));
    }
}
