package dev.sessions.auth.security;

import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

import dev.sessions.auth.error.Problems;
import dev.sessions.auth.token.TokenSubject;
import dev.sessions.contract.http.BearerAuthenticationMechanism;

/**
 * The access token subject of the request being served, kept on that request's own {@link RoutingContext}.
 *
 * <p>Resources must not read the injected {@code SecurityIdentity}: with lazy authentication it resolves through the
 * CDI request context, and reading it synchronously on the I/O thread could block or, under concurrency, name another
 * request's caller. The routing context is handed to the resource method by Quarkus REST itself.
 */
public final class Caller {

    private Caller() {}

    /** The subject that authenticated this request; 401 if none did (only possible on an unsecured method). */
    public static TokenSubject of(RoutingContext request) {
        TokenSubject subject = request.get(BearerAuthenticationMechanism.CALLER);
        if (subject == null) {
            throw Problems.unauthorized(AccessTokenIdentityProvider.TOKEN_REQUIRED);
        }
        return subject;
    }

    /**
     * Authenticates the request's bearer token now, for an operation where it is optional (sign-out): the subject,
     * {@code null} without a bearer token, or the failure that refused the token.
     */
    public static Uni<TokenSubject> authenticate(RoutingContext request) {
        Uni<SecurityIdentity> deferred = request.get(QuarkusHttpUser.DEFERRED_IDENTITY_KEY);
        if (deferred == null) {
            return Uni.createFrom().nullItem();
        }
        return deferred.map(identity -> identity.isAnonymous() ? null : of(request));
    }
}
