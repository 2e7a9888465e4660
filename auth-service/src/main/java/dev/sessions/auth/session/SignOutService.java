package dev.sessions.auth.session;

import java.security.MessageDigest;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

import jakarta.inject.Singleton;

import dev.sessions.auth.config.AuthConfig;
import dev.sessions.auth.error.Problems;
import dev.sessions.auth.security.BearerAuthenticator;
import dev.sessions.contract.internal.EndSessionRequest;
import io.quarkiverse.resteasy.problem.HttpProblem;
import io.smallrye.mutiny.Uni;

/**
 * Sign-out: ends the session of a valid refresh cookie if one is sent, else that of a valid bearer token
 * (SIGNED_OUT, by the user); 401 when neither identifies a live session.
 */
@Singleton
public class SignOutService {

    private final RefreshTokenStore chains;
    private final SessionRegistry registry;
    private final BearerAuthenticator bearer;
    private final AuthConfig config;
    private final Clock clock;

    SignOutService(RefreshTokenStore chains, SessionRegistry registry, BearerAuthenticator bearer, AuthConfig config,
            Clock clock) {
        this.chains = chains;
        this.registry = registry;
        this.bearer = bearer;
        this.config = config;
        this.clock = clock;
    }

    /** Ends the caller's session. */
    public Uni<Void> signOut(String cookie, String authorization) {
        Optional<RefreshToken> token = RefreshToken.parse(cookie);
        Uni<Boolean> byCookie = token.isEmpty()
                ? Uni.createFrom().item(false)
                : chains.read(token.get().sessionId()).chain(chain -> ownerOf(token.get(), chain)
                        .map(userId -> end(token.get().sessionId(), userId))
                        .orElseGet(() -> Uni.createFrom().item(false)));
        return byCookie.chain(ended -> ended ? Uni.createFrom().voidItem() : signOutBearer(authorization));
    }

    private Uni<Void> signOutBearer(String authorization) {
        if (authorization == null) {
            return Uni.createFrom().failure(refused());
        }
        return bearer.authenticate(authorization)
                .onFailure(HttpProblem.class).transform(failure -> refused())
                .chain(caller -> end(caller.sessionId(), caller.userId()))
                .chain(ended -> ended ? Uni.createFrom().voidItem() : Uni.createFrom().failure(refused()));
    }

    private Uni<Boolean> end(String sessionId, String userId) {
        return registry.end(sessionId, EndSessionRequest.signedOut(userId))
                .call(() -> chains.drop(sessionId));
    }

    /** The chain's user when the token is its current one, or a racing tab's inside the grace window. */
    private Optional<String> ownerOf(RefreshToken token, Map<String, String> chain) {
        if (chain.isEmpty()) {
            return Optional.empty();
        }
        byte[] presented = RefreshChain.hash(token).getBytes();
        if (MessageDigest.isEqual(presented, chain.getOrDefault("cur", "").getBytes())) {
            return Optional.of(chain.get("uid"));
        }
        long rotatedAt = Long.parseLong(chain.getOrDefault("rotatedAt", "0"));
        boolean inGrace = clock.millis() - rotatedAt <= config.refresh().reuseGrace().toMillis();
        if (inGrace && MessageDigest.isEqual(presented, chain.getOrDefault("prev", "").getBytes())) {
            return Optional.of(chain.get("uid"));
        }
        return Optional.empty();
    }

    private static HttpProblem refused() {
        return HttpProblem.builder(Problems.unauthorized("Neither a refresh cookie nor an access token identifies a live session."))
                .withHeader("Set-Cookie", RefreshCookie.clear())
                .build();
    }
}
