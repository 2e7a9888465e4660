package dev.sessions.auth.session;

import java.time.Instant;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

import dev.sessions.auth.error.Problems;
import dev.sessions.auth.session.SessionRegistryClient.SessionNotLiveException;
import dev.sessions.contract.internal.ClientHints;
import dev.sessions.contract.internal.EndSessionRequest;
import dev.sessions.contract.internal.OpenSessionRequest;
import dev.sessions.contract.internal.OpenedSession;
import dev.sessions.contract.internal.RefreshSessionRequest;
import dev.sessions.contract.internal.RefreshedSession;
import dev.sessions.contract.internal.RevokeUserRequest;
import dev.sessions.contract.internal.RevokedCount;

/**
 * The registry as auth-service sees it: every session is opened, refreshed and ended there, and every revocation
 * happens there. A registry that cannot answer is a 503, never a guess. Each call runs to its end even when the request
 * that made it is cancelled: a cancelled call of Vert.x's HTTP client resets its request, which can close the pooled
 * connection another call has just been handed (eclipse-vertx/vert.x#6294) or keep a slot of the pool from coming
 * back, and the registry has acted on the call by then anyway.
 */
@ApplicationScoped
public class SessionRegistry {

    private static final Logger LOG = Logger.getLogger(SessionRegistry.class);

    private final SessionRegistryClient client;

    SessionRegistry(@RestClient SessionRegistryClient client) {
        this.client = client;
    }

    /**
     * Opens a session and returns it; fails with {@link SessionRegistryClient.AccountRefusedException} when the
     * account is deactivated or changed since its epoch was read.
     */
    public Uni<OpenedSession> open(OpenSessionRequest request) {
        return ToTheEnd.of(client.open(request))
                .onFailure(failure -> !(failure instanceof SessionRegistryClient.AccountRefusedException))
                .transform(SessionRegistry::unavailable);
    }

    /**
     * Refreshes a live session of {@code userId}; empty when the registry no longer knows it as live, or as that
     * user's.
     */
    public Uni<Optional<RefreshedSession>> refresh(
            String sessionId, String userId, String ipAddress, Instant expiresAt, String userAgent, ClientHints hints) {
        return ToTheEnd.of(client.refresh(
                        sessionId, new RefreshSessionRequest(ipAddress, expiresAt, userAgent, hints, userId)))
                .map(Optional::of)
                .onFailure(SessionNotLiveException.class)
                .recoverWithItem(Optional.empty())
                .onFailure()
                .transform(SessionRegistry::unavailable);
    }

    /** Ends a live session; false when it was not live. */
    public Uni<Boolean> end(String sessionId, EndSessionRequest request) {
        return ToTheEnd.of(client.end(sessionId, request))
                .replaceWith(true)
                .onFailure(SessionNotLiveException.class)
                .recoverWithItem(false)
                .onFailure()
                .transform(SessionRegistry::unavailable);
    }

    /** Revokes the user's live sessions (but {@code exceptSessionId}, when given) and returns how many ended. */
    public Uni<Integer> revokeAll(String userId, RevokeUserRequest request) {
        return ToTheEnd.of(client.revokeUser(userId, request))
                .map(RevokedCount::revoked)
                .onFailure()
                .transform(SessionRegistry::unavailable);
    }

    private static Throwable unavailable(Throwable failure) {
        LOG.warnf("session-registry call failed: %s", failure.toString());
        return Problems.unavailable("The session registry is unavailable; try again shortly.");
    }
}
