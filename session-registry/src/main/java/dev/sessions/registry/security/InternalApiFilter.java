package dev.sessions.registry.security;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;

import dev.sessions.registry.error.Problems;

/** Refuses calls to {@link InternalApi} endpoints that lack the internal credential. */
@Provider
@InternalApi
@Priority(Priorities.AUTHENTICATION)
public class InternalApiFilter implements ContainerRequestFilter {

    private final InternalCredential credential;

    InternalApiFilter(InternalCredential credential) {
        this.credential = credential;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        if (!credential.accepts(request.getHeaderString(HttpHeaders.AUTHORIZATION))) {
            request.abortWith(
                    Problems.of(Response.Status.UNAUTHORIZED, "The internal credential is missing or wrong."));
        }
    }
}
