package dev.sessions.auth.security;

import jakarta.inject.Singleton;

import dev.sessions.auth.error.Problems;
import dev.sessions.auth.token.AccessTokenVerifier;
import dev.sessions.auth.token.TokenSubject;
import dev.sessions.contract.redis.RedisKeys;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;

/**
 * Authenticates bearer requests: a genuine, unexpired access token whose session the registry has not put on its
 * denylist ({@code revoked:<sid>}), so a revoked session's token stops working here at once.
 */
@Singleton
public class BearerAuthenticator {

    private static final String PREFIX = "Bearer ";

    private final AccessTokenVerifier verifier;
    private final ReactiveRedisDataSource redis;

    BearerAuthenticator(AccessTokenVerifier verifier, ReactiveRedisDataSource redis) {
        this.verifier = verifier;
        this.redis = redis;
    }

    /** The caller behind an {@code Authorization} header, or 401. */
    public Uni<TokenSubject> authenticate(String authorization) {
        TokenSubject subject = verify(authorization);
        if (subject == null) {
            return Uni.createFrom().failure(Problems.unauthorized("A valid access token is required."));
        }
        return redis.key(String.class).exists(RedisKeys.revoked(subject.sessionId()))
                .map(revoked -> {
                    if (revoked) {
                        throw Problems.unauthorized("The session of this access token has ended.");
                    }
                    return subject;
                });
    }

    /** The caller, who must be an administrator: 401 without a valid token, 403 without the role. */
    public Uni<TokenSubject> authenticateAdmin(String authorization) {
        return authenticate(authorization).invoke(subject -> {
            if (!subject.roles().contains("admin")) {
                throw Problems.forbidden("This needs the admin role.");
            }
        });
    }

    private TokenSubject verify(String authorization) {
        if (authorization == null || authorization.length() <= PREFIX.length()
                || !authorization.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            return null;
        }
        return verifier.verify(authorization.substring(PREFIX.length()).trim()).orElse(null);
    }
}
