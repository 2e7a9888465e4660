package dev.sessions.auth.security;

import java.util.HashSet;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;

import dev.sessions.auth.token.AccessTokenVerifier;
import dev.sessions.auth.token.TokenSubject;
import dev.sessions.contract.http.BearerAuthenticationMechanism;
import dev.sessions.contract.problem.ProblemVocabulary;
import dev.sessions.contract.redis.RedisKeys;

/**
 * Turns a genuine, unexpired access token whose session the registry has not put on its denylist
 * ({@code rv:{b}:<sid>}) into a security identity, so a revoked session's token stops working here at once; its 401
 * says why the session ended (the entry's value).
 */
@ApplicationScoped
public class AccessTokenIdentityProvider implements IdentityProvider<TokenAuthenticationRequest> {

    /** Attribute of an {@link AuthenticationFailedException} with the detail its 401 answer gives. */
    public static final String DETAIL = "auth.problem-detail";
    /** The detail of a 401 for a missing, malformed, badly signed or expired token. */
    public static final String TOKEN_REQUIRED = "A valid access token is required.";

    private static final String SESSION_ENDED = "The session of this access token has ended.";

    private final AccessTokenVerifier verifier;
    private final ReactiveRedisDataSource redis;
    private final RedisKeys keys;

    AccessTokenIdentityProvider(AccessTokenVerifier verifier, ReactiveRedisDataSource redis, RedisKeys keys) {
        this.verifier = verifier;
        this.redis = redis;
        this.keys = keys;
    }

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(
            TokenAuthenticationRequest request, AuthenticationRequestContext context) {
        TokenSubject subject = verifier.verify(request.getToken().getToken()).orElse(null);
        if (subject == null) {
            return Uni.createFrom().failure(refused(TOKEN_REQUIRED));
        }
        return redis.value(String.class).get(keys.revoked(subject.sessionId())).map(reason -> {
            if (reason != null) {
                throw ended(reason);
            }
            return identity(subject);
        });
    }

    private static SecurityIdentity identity(TokenSubject subject) {
        return QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(subject.userId()))
                .addRoles(new HashSet<>(subject.roles()))
                .addAttribute(BearerAuthenticationMechanism.CALLER, subject)
                .build();
    }

    /** The denylist entry holds why the session ended, which the 401 passes on. */
    private static AuthenticationFailedException ended(String reason) {
        return new AuthenticationFailedException(
                SESSION_ENDED, Map.of(DETAIL, SESSION_ENDED, ProblemVocabulary.REASON, reason));
    }

    private static AuthenticationFailedException refused(String detail) {
        return new AuthenticationFailedException(detail, Map.of(DETAIL, detail));
    }
}
