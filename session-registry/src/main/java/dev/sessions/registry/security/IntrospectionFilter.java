package dev.sessions.registry.security;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;

import io.quarkiverse.resteasy.problem.HttpProblem;

import dev.sessions.contract.problem.ProblemVocabulary;

/**
 * Lets {@link IntrospectionApi} endpoints through for an introspection client (HTTP Basic) or auth-service's internal
 * credential (Bearer); anything else is a 401 that names the Basic scheme, as RFC 7662 §2.1 and RFC 9110 ask.
 */
@Provider
@IntrospectionApi
@Priority(Priorities.AUTHENTICATION)
public class IntrospectionFilter implements ContainerRequestFilter {

    private final IntrospectionClients clients;
    private final InternalCredential internal;

    IntrospectionFilter(IntrospectionClients clients, InternalCredential internal) {
        this.clients = clients;
        this.internal = internal;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        String authorization = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        // both are checked, so that the time taken does not tell which kind of credential was close
        boolean client = clients.accepts(authorization);
        boolean service = internal.accepts(authorization);
        if (!client && !service) {
            request.abortWith(HttpProblem.builder()
                    .withType(ProblemVocabulary.ABOUT_BLANK)
                    .withStatus(Response.Status.UNAUTHORIZED)
                    .withTitle(ProblemVocabulary.title(401))
                    .withDetail("Introspection needs a client's credentials (HTTP Basic) or the internal credential.")
                    .withHeader(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"introspection\", charset=\"UTF-8\"")
                    .build()
                    .toResponse());
        }
    }
}
