package dev.sessions.registry.security;

import jakarta.ws.rs.core.Response;

import io.vertx.ext.web.RoutingContext;

import dev.sessions.contract.http.BearerAuthenticationMechanism;
import dev.sessions.registry.error.Problems;

/**
 * The access token of the request being served, kept on that request's own {@link RoutingContext}.
 *
 * <p>Resources must not read the injected {@code SecurityIdentity}: it resolves through the CDI request context, which
 * the registry does not carry across Mutiny stages (context propagation is off for speed), so under concurrency it
 * could name another request's caller. The routing context is handed to the resource method by Quarkus REST itself.
 */
public final class Caller {

    private Caller() {}

    /** The token that authenticated this request; 401 if none did (only possible on an unsecured method). */
    public static AccessToken of(RoutingContext request) {
        AccessToken token = request.get(BearerAuthenticationMechanism.CALLER);
        if (token == null) {
            throw Problems.problem(Response.Status.UNAUTHORIZED, "A bearer token is required.");
        }
        return token;
    }
}
