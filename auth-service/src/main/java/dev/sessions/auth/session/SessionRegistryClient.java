package dev.sessions.auth.session;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import dev.sessions.auth.session.RegistryMessages.EndSession;
import dev.sessions.auth.session.RegistryMessages.OpenSession;
import dev.sessions.auth.session.RegistryMessages.OpenedSession;
import dev.sessions.auth.session.RegistryMessages.RefreshSession;
import dev.sessions.auth.session.RegistryMessages.RefreshedSession;
import dev.sessions.auth.session.RegistryMessages.RevokeUserSessions;
import dev.sessions.auth.session.RegistryMessages.RevokedCount;
import io.quarkus.rest.client.reactive.ClientExceptionMapper;
import io.smallrye.mutiny.Uni;

/** The registry's internal endpoints, called with the shared internal credential. */
@RegisterRestClient(configKey = "session-registry")
@RegisterClientHeaders(InternalCredentialHeaders.class)
@Path("/internal")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public interface SessionRegistryClient {

    /** Opens a session: writes it, its indexes and SIGNED_IN atomically. */
    @POST
    @Path("/sessions")
    Uni<OpenedSession> open(OpenSession body);

    /** Extends a live session's deadline and records activity and address. */
    @POST
    @Path("/sessions/{sid}/refresh")
    Uni<RefreshedSession> refresh(@PathParam("sid") String sessionId, RefreshSession body);

    /** Ends a live session (signed out or revoked). */
    @POST
    @Path("/sessions/{sid}/end")
    Uni<Void> end(@PathParam("sid") String sessionId, EndSession body);

    /** Revokes every live session of a user, optionally but one. */
    @POST
    @Path("/users/{userId}/revoke")
    Uni<RevokedCount> revokeAll(@PathParam("userId") String userId, RevokeUserSessions body);

    /** 404 means "no such live session"; any other error means the registry could not do it. */
    @ClientExceptionMapper
    static RuntimeException toException(Response response) {
        if (response.getStatus() == 404) {
            return new SessionNotLiveException();
        }
        if (response.getStatus() == 403) {
            return new AccountRefusedException(true);
        }
        if (response.getStatus() == 409) {
            return new AccountRefusedException(false);
        }
        return new RegistryFailureException(response.getStatus());
    }

    /** The registry does not know this session as live. */
    final class SessionNotLiveException extends RuntimeException {
        SessionNotLiveException() {
            super("session not live", null, false, false);
        }
    }

    /** The registry refused to open a session: the account is deactivated, or changed after auth-service read it. */
    final class AccountRefusedException extends RuntimeException {
        private final boolean deactivated;

        AccountRefusedException(boolean deactivated) {
            super(deactivated ? "account deactivated" : "account changed", null, false, false);
            this.deactivated = deactivated;
        }

        /** Whether the account is deactivated (otherwise it changed, and may be read again). */
        public boolean deactivated() {
            return deactivated;
        }
    }

    /** The registry answered with an error. */
    final class RegistryFailureException extends RuntimeException {
        RegistryFailureException(int status) {
            super("session-registry answered " + status, null, false, false);
        }
    }
}
