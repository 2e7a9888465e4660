package dev.sessions.registry.security;

import java.util.HashSet;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;

import dev.sessions.contract.http.BearerAuthenticationMechanism;
import dev.sessions.contract.problem.ProblemVocabulary;
import dev.sessions.registry.check.AccessCheck;

/**
 * Turns an access token that passes {@link AccessCheck} (signature and live session) into a security identity; a
 * refusal for an ended session carries why it ended ({@link ProblemVocabulary#REASON}) to the 401.
 */
@ApplicationScoped
public class AccessTokenIdentityProvider implements IdentityProvider<TokenAuthenticationRequest> {

    private final AccessCheck access;

    AccessTokenIdentityProvider(AccessCheck access) {
        this.access = access;
    }

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(
            TokenAuthenticationRequest request, AuthenticationRequestContext context) {
        return access.admit(request.getToken().getToken())
                .<SecurityIdentity>map(token -> QuarkusSecurityIdentity.builder()
                        .setPrincipal(new QuarkusPrincipal(token.userId()))
                        .addRoles(new HashSet<>(token.roles()))
                        .addAttribute(BearerAuthenticationMechanism.CALLER, token)
                        .build())
                .onFailure(InvalidTokenException.class)
                .transform(AccessTokenIdentityProvider::refused);
    }

    private static AuthenticationFailedException refused(Throwable failure) {
        String reason = ((InvalidTokenException) failure).reason();
        return reason == null
                ? new AuthenticationFailedException(failure.getMessage())
                : new AuthenticationFailedException(failure.getMessage(), Map.of(ProblemVocabulary.REASON, reason));
    }
}
