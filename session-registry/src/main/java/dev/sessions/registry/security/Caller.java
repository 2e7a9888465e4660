package dev.sessions.registry.security;

import io.quarkus.security.identity.SecurityIdentity;

/** The access token behind the current request's identity. */
public final class Caller {

    private Caller() {
    }

    public static AccessToken of(SecurityIdentity identity) {
        return identity.getAttribute(AccessTokenIdentityProvider.ACCESS_TOKEN);
    }
}
