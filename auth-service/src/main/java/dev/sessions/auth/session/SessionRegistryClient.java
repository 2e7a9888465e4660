package dev.sessions.auth.session;

import jakarta.ws.rs.core.Response;

import io.quarkus.rest.client.reactive.ClientExceptionMapper;
import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import dev.sessions.contract.internal.InternalSessionApi;

/** The registry's internal API ({@link InternalSessionApi}), called with the shared internal credential. */
@RegisterRestClient(configKey = "session-registry")
@RegisterClientHeaders(InternalCredentialHeaders.class)
public interface SessionRegistryClient extends InternalSessionApi {

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
