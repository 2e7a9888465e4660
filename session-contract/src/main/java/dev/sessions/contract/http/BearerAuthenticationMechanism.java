package dev.sessions.contract.http;

import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.security.credential.TokenCredential;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpCredentialTransport;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/**
 * Both services' reading of {@code Authorization: Bearer} access tokens, lazily: only when an operation needs a
 * caller. Each service's identity provider checks the token its own way and puts what it knows of the caller in the
 * identity's {@link #CALLER} attribute; this binds that to the request's own {@link RoutingContext}, where the
 * service's {@code Caller} reads it. Resources never read the injected {@code SecurityIdentity}: with lazy
 * authentication it resolves through the CDI request context, which the registry does not carry across Mutiny stages.
 */
@ApplicationScoped
public class BearerAuthenticationMechanism implements HttpAuthenticationMechanism {

    /** The identity attribute, and the routing-context key, of the service's own caller object. */
    public static final String CALLER = "sessions.caller";

    private static final String SCHEME = "bearer";

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identities) {
        String token = BearerToken.from(context.request().getHeader(HttpHeaders.AUTHORIZATION));
        if (token == null) {
            return Uni.createFrom().nullItem();
        }
        TokenAuthenticationRequest request = new TokenAuthenticationRequest(new TokenCredential(token, SCHEME));
        // the identity is memoised for the request; whoever awaits it continues where it is emitted, which must be the
        // request's context (a denylist or JWKS answer arrives on its connection's), or @RolesAllowed finds no request
        // context (ContextNotActiveException, a 500)
        return identities
                .authenticate(HttpSecurityUtils.setRoutingContextAttribute(request, context))
                .invoke(identity -> context.put(CALLER, identity.getAttribute(CALLER)))
                .emitOn(RequestContexts.current());
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().item(new ChallengeData(401, "WWW-Authenticate", "Bearer"));
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(TokenAuthenticationRequest.class);
    }

    @Override
    public Uni<HttpCredentialTransport> getCredentialTransport(RoutingContext context) {
        return Uni.createFrom().item(new HttpCredentialTransport(HttpCredentialTransport.Type.AUTHORIZATION, SCHEME));
    }
}
