package dev.sessions.auth.session;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkiverse.resteasy.problem.HttpProblem;
import io.quarkus.security.AuthenticationFailedException;
import io.smallrye.mutiny.Uni;

import dev.sessions.auth.config.AuthConfig;
import dev.sessions.auth.error.Problems;
import dev.sessions.auth.token.TokenSubject;
import dev.sessions.contract.internal.EndSessionRequest;
import dev.sessions.contract.problem.ProblemVocabulary;
import dev.sessions.contract.redis.RefreshChainFields;

/**
 * Sign-out: ends the session of a valid refresh cookie if one is sent, else that of a valid bearer token
 * (SIGNED_OUT, by the user); 401 when neither identifies a live session.
 */
@ApplicationScoped
public class SignOutService {

    private final RefreshTokenStore chains;
    private final RefreshChain links;
    private final SessionRegistry registry;
    private final AuthConfig config;
    private final Clock clock;

    SignOutService(
            RefreshTokenStore chains, RefreshChain links, SessionRegistry registry, AuthConfig config, Clock clock) {
        this.chains = chains;
        this.links = links;
        this.registry = registry;
        this.config = config;
        this.clock = clock;
    }

    /**
     * Ends the caller's session.
     *
     * @param bearer authenticates the request's bearer token, asked only when the cookie ends no session: its
     *        subject, {@code null} without a bearer token, or a failure when the token is refused
     */
    public Uni<Void> signOut(String cookie, Supplier<Uni<TokenSubject>> bearer) {
        Optional<RefreshToken> parsed = RefreshToken.parse(cookie);
        Uni<Boolean> byCookie = parsed.isEmpty()
                ? Uni.createFrom().item(false)
                : chains.resolve(parsed.get())
                        .chain(token -> token.isEmpty() ? Uni.createFrom().item(false) : signOutCookie(token.get()));
        return byCookie.chain(ended -> ended ? Uni.createFrom().voidItem() : signOutBearer(bearer));
    }

    private Uni<Boolean> signOutCookie(RefreshToken token) {
        return chains.read(token.sessionId())
                .chain(chain -> ownerOf(token, chain)
                        .map(userId -> end(token.sessionId(), userId))
                        .orElseGet(() -> Uni.createFrom().item(false)));
    }

    private Uni<Void> signOutBearer(Supplier<Uni<TokenSubject>> bearer) {
        return bearer.get()
                .onFailure(AuthenticationFailedException.class)
                .transform(failure ->
                        refused(((AuthenticationFailedException) failure).getAttribute(ProblemVocabulary.REASON)))
                .onItem()
                .ifNull()
                .failWith(SignOutService::refused)
                .chain(caller -> end(caller.sessionId(), caller.userId()))
                .chain(ended ->
                        ended ? Uni.createFrom().voidItem() : Uni.createFrom().failure(refused()));
    }

    private Uni<Boolean> end(String sessionId, String userId) {
        return registry.end(sessionId, EndSessionRequest.signedOut(userId)).call(() -> chains.drop(sessionId));
    }

    /**
     * The chain's user when the token is its current one, or a racing tab's inside the grace window: the previous link,
     * whose successor is the current one (ADR 20).
     */
    private Optional<String> ownerOf(RefreshToken token, Map<String, String> chain) {
        String current = chain.get(RefreshChainFields.CURRENT);
        if (current == null) {
            return Optional.empty();
        }
        if (RefreshChainFields.names(current, RefreshChain.hash(token))) {
            return Optional.ofNullable(chain.get(RefreshChainFields.USER));
        }
        OptionalLong rotatedAt = RefreshChainFields.lastRotation(chain);
        boolean inGrace = rotatedAt.isPresent()
                && clock.millis() - rotatedAt.getAsLong()
                        <= config.refresh().reuseGrace().toMillis();
        if (inGrace && RefreshChainFields.names(current, RefreshChain.hash(links.successor(token)))) {
            return Optional.ofNullable(chain.get(RefreshChainFields.USER));
        }
        return Optional.empty();
    }

    private static HttpProblem refused() {
        return refused(null);
    }

    /** The 401, with why the bearer token's session ended when it has ({@code reason}, else null). */
    private static HttpProblem refused(String reason) {
        HttpProblem.Builder problem = HttpProblem.builder(Problems.unauthorized(
                        "Neither a refresh cookie nor an access token identifies a live session."))
                .withHeader("Set-Cookie", RefreshCookie.clear());
        if (reason != null) {
            problem.with(ProblemVocabulary.REASON, reason);
        }
        return problem.build();
    }
}
