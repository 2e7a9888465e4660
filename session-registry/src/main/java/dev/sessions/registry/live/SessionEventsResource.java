package dev.sessions.registry.live;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;

import io.quarkiverse.resteasy.problem.HttpProblem;
import io.vertx.ext.web.RoutingContext;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.sessions.registry.error.Problems;
import dev.sessions.registry.security.Caller;

/** The caller's live event stream (contract, "Live sessions"). */
@Path("/sessions/events")
@RolesAllowed("user")
@Tag(name = "Sessions", description = "The caller's live sessions")
@SecurityRequirement(name = "bearer")
public class SessionEventsResource {

    private static final String RETRY_AFTER_SECONDS = "5";

    private final SessionEvents events;

    SessionEventsResource(SessionEvents events) {
        this.events = events;
    }

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(
            summary = "Follow my sessions live",
            description = "Server-Sent Events. `session-ended` with `{\"sessionId\",\"reason\",\"at\"}` when the"
                    + " caller's own session ends (then the stream closes); `sessions-changed` with `{}` when"
                    + " another session of the caller starts or ends; a comment line at least every 25 s. The"
                    + " stream closes when the token expires: reconnect with a fresh token.")
    @APIResponse(responseCode = "200", description = "The event stream")
    @APIResponse(
            responseCode = "401",
            description = "Missing or invalid token, or ended session (then with the problem's \"reason\")")
    @APIResponse(responseCode = "403", description = "The token lacks the role user")
    @APIResponse(responseCode = "429", description = "The user has as many streams open as allowed")
    @APIResponse(
            responseCode = "503",
            description = "This instance holds as many streams as allowed, or is stopping",
            headers =
                    @Header(
                            name = "Retry-After",
                            description = "Seconds to wait before reconnecting",
                            schema = @Schema(type = SchemaType.INTEGER, minimum = "1")))
    public void events(@Context RoutingContext request, @Context SseEventSink sink, @Context Sse sse) {
        switch (events.open(Caller.of(request), sink, sse)) {
            case TOO_MANY_FOR_USER ->
                throw Problems.problem(
                        Response.Status.TOO_MANY_REQUESTS, "Too many event streams are open for this user.");
            case TOO_MANY_STREAMS ->
                throw HttpProblem.builder(Problems.problem(
                                Response.Status.SERVICE_UNAVAILABLE,
                                "This instance holds as many event streams as it can."))
                        .withHeader("Retry-After", RETRY_AFTER_SECONDS)
                        .build();
            case STOPPING ->
                throw HttpProblem.builder(Problems.problem(
                                Response.Status.SERVICE_UNAVAILABLE, "This instance is stopping; reconnect."))
                        .withHeader("Retry-After", RETRY_AFTER_SECONDS)
                        .build();
            case OPENED -> {
                // the stream lives on in SessionEvents
            }
        }
    }
}
