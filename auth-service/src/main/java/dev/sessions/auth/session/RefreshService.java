package dev.sessions.auth.session;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkiverse.resteasy.problem.HttpProblem;
import io.smallrye.mutiny.Uni;
import org.jboss.logging.Logger;

import dev.sessions.auth.config.AuthConfig;
import dev.sessions.auth.error.Problems;
import dev.sessions.auth.metrics.AuthMetrics;
import dev.sessions.auth.session.RefreshTokenStore.Accepted;
import dev.sessions.auth.session.RefreshTokenStore.Behind;
import dev.sessions.auth.session.RefreshTokenStore.Reused;
import dev.sessions.auth.session.RefreshTokenStore.Rotation;
import dev.sessions.auth.session.SignInService.SignedIn;
import dev.sessions.auth.token.AccessToken;
import dev.sessions.auth.token.AccessTokenIssuer;
import dev.sessions.auth.token.TokenSubject;
import dev.sessions.auth.user.AccountStates;
import dev.sessions.contract.history.ActorType;
import dev.sessions.contract.history.EndReason;
import dev.sessions.contract.internal.ClientHints;
import dev.sessions.contract.internal.EndSessionRequest;

/**
 * Refresh with rotation, built for speed: one Lua round trip rotates the chain and, when the request comes from the
 * session's address with a device that needs no reading, extends the live session in the same step (ADR 19);
 * otherwise one registry call extends it (and reads the new address's location or the device). Either step proves
 * the session still live, even if a revocation message was missed, and hands back the account's roles cached for its
 * current epoch; then one signature. A token that is not the current one (a racing tab, a retry, a replay, a forgery)
 * takes a second round trip with its next few successors' hashes, among which the chain finds its current link (ADR
 * 20). A rotated token whose successor was already presented, presented after the grace window, is reuse: the
 * registry ends the session before the 401 (docs/adr/0001).
 */
@ApplicationScoped
public class RefreshService {

    /** As at sign-in: a longer User-Agent is not passed on (the registry would not read it). */
    private static final int MAX_USER_AGENT = 1024;

    private static final Logger LOG = Logger.getLogger(RefreshService.class);

    private final RefreshChain chain;
    private final RefreshTokenStore chains;
    private final SessionRegistry registry;
    private final AccessTokenIssuer tokens;
    private final AuthConfig config;
    private final Clock clock;
    private final AccountStates accounts;
    private final AuthMetrics metrics;

    RefreshService(
            RefreshChain chain,
            RefreshTokenStore chains,
            SessionRegistry registry,
            AccessTokenIssuer tokens,
            AuthConfig config,
            Clock clock,
            AccountStates accounts,
            AuthMetrics metrics) {
        this.chain = chain;
        this.chains = chains;
        this.registry = registry;
        this.tokens = tokens;
        this.config = config;
        this.clock = clock;
        this.accounts = accounts;
        this.metrics = metrics;
    }

    /**
     * Exchanges a refresh cookie for a new token pair; the User-Agent and its Client Hints (null: none) let the
     * registry read the device again.
     */
    public Uni<SignedIn> refresh(String cookie, String ip, String userAgent, ClientHints hints) {
        Optional<RefreshToken> parsed = RefreshToken.parse(cookie);
        if (parsed.isEmpty()) {
            return Uni.createFrom()
                    .failure(refusal(
                            cookie == null ? "The refresh cookie is missing." : "The refresh cookie is not valid."));
        }
        return chains.resolve(parsed.get())
                .chain(resolved -> resolved.isEmpty()
                        ? Uni.createFrom().failure(refusal("The refresh token is unknown, expired or revoked."))
                        : rotate(resolved.get(), ip, userAgent, hints));
    }

    private Uni<SignedIn> rotate(RefreshToken presented, String ip, String rawUserAgent, ClientHints hints) {
        RefreshToken successor = chain.successor(presented);
        Instant now = clock.instant();
        String userAgent = rawUserAgent != null && rawUserAgent.length() <= MAX_USER_AGENT ? rawUserAgent : null;
        String deviceDigest = ClientHints.digest(userAgent, hints);
        return present(presented, successor, now, ip, deviceDigest, List.of())
                .chain(rotation -> rotation instanceof Behind
                        ? present(presented, successor, now, ip, deviceDigest, successorHashes(successor))
                        : Uni.createFrom().item(rotation))
                .chain(rotation -> {
                    if (rotation instanceof Accepted accepted) {
                        return accepted(successor, accepted, ip, userAgent, hints, now);
                    }
                    if (rotation instanceof Reused) {
                        metrics.refresh(AuthMetrics.Refresh.REUSE);
                        return revokeForReuse(presented.sessionId());
                    }
                    return Uni.createFrom().failure(refusal("The refresh token is unknown, expired or revoked."));
                });
    }

    private Uni<Rotation> present(
            RefreshToken presented,
            RefreshToken successor,
            Instant now,
            String ip,
            String deviceDigest,
            List<String> successorHashes) {
        return chains.rotate(
                presented,
                successor,
                now,
                config.session().idleTimeout(),
                config.refresh().reuseGrace(),
                config.refresh().unusedSuccessorLimit(),
                ip,
                deviceDigest,
                successorHashes);
    }

    /**
     * The hashes of the links after a token that is not the current one, nearest (its successor) first, as far as a
     * chain knows rotated links: the current link is one of them when the token is a link the chain knows (ADR 20).
     */
    private List<String> successorHashes(RefreshToken successor) {
        List<String> hashes = new ArrayList<>(RefreshTokenStore.KEPT_LINKS);
        RefreshToken link = successor;
        hashes.add(RefreshChain.hash(link));
        while (hashes.size() < RefreshTokenStore.KEPT_LINKS) {
            link = chain.successor(link);
            hashes.add(RefreshChain.hash(link));
        }
        return hashes;
    }

    /**
     * The answer to an accepted token: its session extended in the rotation's own step, or else by the registry; the
     * current link for the cookie (one that named no user, issued before ADR 19, gets successors that name the
     * chain's).
     */
    private Uni<SignedIn> accepted(
            RefreshToken successor, Accepted accepted, String ip, String userAgent, ClientHints hints, Instant now) {
        RefreshToken current = chain.successor(successor, accepted.steps() - 1)
                .withUser(accepted.owner().userId());
        boolean inStep = accepted.extendedUntil() != null;
        Uni<SignedIn> signedIn = inStep
                ? mint(current, accepted, accepted.cachedRoles(), now)
                : extend(current, accepted, ip, userAgent, hints, now);
        return signedIn.invoke(() -> {
            metrics.extended(inStep);
            metrics.refresh(accepted.rotatedNow() ? AuthMetrics.Refresh.ROTATED : AuthMetrics.Refresh.GRACE);
        });
    }

    private Uni<SignedIn> extend(
            RefreshToken successor, Accepted accepted, String ip, String userAgent, ClientHints hints, Instant now) {
        String sessionId = successor.sessionId();
        RefreshTokenStore.ChainOwner owner = accepted.owner();
        // the registry compares the chain's user with the session's in its script (a chain naming another user gets
        // no session: 404), so it reads no owner first
        return registry.refresh(sessionId, owner.userId(), ip, accepted.deadline(), userAgent, hints)
                .chain(refreshed -> {
                    if (refreshed.isEmpty()) {
                        return chains.drop(sessionId)
                                .chain(() -> Uni.createFrom().failure(refusal("The session has ended.")));
                    }
                    if (!owner.userId().equals(refreshed.get().userId())) {
                        // the chain's hash names another user than the registry's session: tampered, never mint from it
                        LOG.warnf(
                                "refresh chain of session %s names another user than the registry: dropping it",
                                sessionId);
                        return chains.drop(sessionId)
                                .chain(() -> Uni.createFrom()
                                        .failure(refusal("The refresh token is unknown, expired or revoked.")));
                    }
                    return mint(successor, accepted, refreshed.get().roles(), now);
                });
    }

    /**
     * The token pair of a session extended (by the registry, or in the rotation's own step). A refresh always re-reads
     * the account: a deactivated one is refused, a changed one gets its new roles. The script that extended the
     * session read the roles cached for the account's current epoch in the step that found it active
     * ({@code cached}); without them (none cached for it) they are read here.
     */
    private Uni<SignedIn> mint(RefreshToken successor, Accepted accepted, List<String> cached, Instant now) {
        String sessionId = successor.sessionId();
        RefreshTokenStore.ChainOwner owner = accepted.owner();
        Uni<Optional<List<String>>> active =
                cached != null ? Uni.createFrom().item(Optional.of(cached)) : accounts.activeRoles(owner.userId());
        return active.chain(roles -> {
            if (roles.isEmpty()) {
                return chains.drop(sessionId)
                        .chain(() -> Uni.createFrom().failure(refusal("The account is deactivated.")));
            }
            AccessToken token =
                    tokens.issue(new TokenSubject(owner.userId(), sessionId, owner.email(), roles.get()), owner.mfa());
            return Uni.createFrom()
                    .item(new SignedIn(
                            SignInService.body(token, sessionId, owner, roles.get()),
                            RefreshCookie.issue(successor, owner.rememberMe(), owner.maxExpiresAt(), now)));
        });
    }

    private Uni<SignedIn> revokeForReuse(String sessionId) {
        LOG.warnf("refresh token reuse on session %s: revoking it", sessionId);
        return registry.end(sessionId, EndSessionRequest.revoked(EndReason.REFRESH_TOKEN_REUSE, ActorType.SYSTEM, null))
                .chain(() -> chains.drop(sessionId))
                .chain(() -> Uni.createFrom()
                        .failure(refused("The refresh token was already used; the session is revoked.")));
    }

    /** A refresh refused (401) for another reason than reuse, counted as such. */
    private HttpProblem refusal(String detail) {
        metrics.refresh(AuthMetrics.Refresh.REFUSED);
        return refused(detail);
    }

    private static HttpProblem refused(String detail) {
        return HttpProblem.builder(Problems.unauthorized(detail))
                .withHeader("Set-Cookie", RefreshCookie.clear())
                .build();
    }
}
