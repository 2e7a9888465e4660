package dev.sessions.auth.error;

import jakarta.ws.rs.core.Response;

import io.quarkiverse.resteasy.problem.HttpProblem;
import io.quarkus.security.AuthenticationCompletionException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import dev.sessions.auth.security.AccessTokenIdentityProvider;
import dev.sessions.contract.problem.ProblemVocabulary;

/**
 * Problem answers for the bearer authentication of {@code security.BearerAuthenticationMechanism}: 401 with
 * {@code WWW-Authenticate: Bearer} and the provider's detail (and, for an ended session, its reason), 403 for a caller without the role.
 */
public class SecurityProblems {

    // ahead of the generic problem mappers, whose 401 path does not match this Quarkus version
    private static final int FIRST = 1;

    @ServerExceptionMapper(priority = FIRST)
    Response authenticationFailed(AuthenticationFailedException e) {
        String detail = e.getAttribute(AccessTokenIdentityProvider.DETAIL);
        String reason = e.getAttribute(ProblemVocabulary.REASON);
        HttpProblem problem =
                Problems.unauthorized(detail == null ? AccessTokenIdentityProvider.TOKEN_REQUIRED : detail);
        return (reason == null
                        ? problem
                        : HttpProblem.builder(problem)
                                .with(ProblemVocabulary.REASON, reason)
                                .build())
                .toResponse();
    }

    @ServerExceptionMapper(priority = FIRST)
    Response authenticationIncomplete(AuthenticationCompletionException e) {
        return Problems.unauthorized(AccessTokenIdentityProvider.TOKEN_REQUIRED).toResponse();
    }

    @ServerExceptionMapper(priority = FIRST)
    Response unauthorized(UnauthorizedException e) {
        return Problems.unauthorized(AccessTokenIdentityProvider.TOKEN_REQUIRED).toResponse();
    }

    @ServerExceptionMapper(priority = FIRST)
    Response forbidden(ForbiddenException e) {
        return Problems.forbidden("This needs the admin role.").toResponse();
    }
}
