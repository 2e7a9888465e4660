package dev.sessions.registry.check;

import dev.sessions.registry.revocation.Denylist;
import dev.sessions.registry.security.AccessToken;
import dev.sessions.registry.security.AccessTokenVerifier;
import dev.sessions.registry.security.InvalidTokenException;
import dev.sessions.registry.session.ActivityRecorder;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The one decision every bearer request goes through: a valid signature and a live session. In the common case
 * (token seen before, near-cache live) it completes without I/O.
 */
@ApplicationScoped
public class AccessCheck {

    private final AccessTokenVerifier verifier;
    private final Denylist denylist;
    private final ActivityRecorder activity;

    AccessCheck(AccessTokenVerifier verifier, Denylist denylist, ActivityRecorder activity) {
        this.verifier = verifier;
        this.denylist = denylist;
        this.activity = activity;
    }

    /** The token's claims when it may pass; fails with InvalidTokenException or DecisionUnavailableException. */
    public Uni<AccessToken> admit(String token) {
        return verifier.verify(token).flatMap(this::live);
    }

    private Uni<AccessToken> live(AccessToken token) {
        return denylist.isRevoked(token.sessionId()).map(revoked -> {
            if (revoked) {
                throw new InvalidTokenException("the session has ended");
            }
            activity.seen(token.userId(), token.sessionId());
            return token;
        });
    }
}
