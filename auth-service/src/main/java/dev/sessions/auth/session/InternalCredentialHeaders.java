package dev.sessions.auth.session;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;

import org.eclipse.microprofile.rest.client.ext.ClientHeadersFactory;

import dev.sessions.auth.config.Secrets;

/** Adds the shared internal credential to every call to the registry. */
@ApplicationScoped
public class InternalCredentialHeaders implements ClientHeadersFactory {

    private final String authorization;

    InternalCredentialHeaders(Secrets secrets) {
        this.authorization = "Bearer " + secrets.internalApiToken();
    }

    @Override
    public MultivaluedMap<String, String> update(
            MultivaluedMap<String, String> incoming, MultivaluedMap<String, String> outgoing) {
        MultivaluedMap<String, String> headers = new MultivaluedHashMap<>();
        headers.putSingle("Authorization", authorization);
        return headers;
    }
}
