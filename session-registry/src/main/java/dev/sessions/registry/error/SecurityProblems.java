package dev.sessions.registry.error;

import jakarta.ws.rs.core.Response;

import io.quarkus.security.AuthenticationCompletionException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import dev.sessions.contract.problem.ProblemVocabulary;
import dev.sessions.registry.security.DecisionUnavailableException;

/** Problem answers for authentication and authorization failures, and for decisions that cannot be made now. */
public class SecurityProblems {

    // ahead of the generic problem mappers, whose 401 path does not match this Quarkus version
    private static final int FIRST = 1;

    @ServerExceptionMapper(priority = FIRST)
    public Response authenticationFailed(AuthenticationFailedException e) {
        String reason = e.getAttribute(ProblemVocabulary.REASON);
        return reason == null
                ? Problems.unauthorized("The bearer token is missing, invalid or expired, or its session has ended.")
                : Problems.unauthorized("The session of this access token has ended.", reason);
    }

    @ServerExceptionMapper(priority = FIRST)
    public Response authenticationIncomplete(AuthenticationCompletionException e) {
        return Problems.unauthorized("The bearer token is missing, invalid or expired, or its session has ended.");
    }

    @ServerExceptionMapper(priority = FIRST)
    public Response unauthorized(UnauthorizedException e) {
        return Problems.unauthorized("A bearer token is required.");
    }

    @ServerExceptionMapper(priority = FIRST)
    public Response forbidden(ForbiddenException e) {
        return Problems.of(Response.Status.FORBIDDEN, "The token lacks the role this operation needs.");
    }

    @ServerExceptionMapper(priority = FIRST)
    public Response undecidable(DecisionUnavailableException e) {
        return Problems.of(Response.Status.SERVICE_UNAVAILABLE, "The session state cannot be checked right now.");
    }
}
