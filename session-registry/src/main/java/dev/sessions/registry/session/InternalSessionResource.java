package dev.sessions.registry.session;

import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.sessions.contract.address.ClientAddressResolver;
import dev.sessions.contract.internal.EndSessionRequest;
import dev.sessions.contract.internal.InternalSessionApi;
import dev.sessions.contract.internal.OpenSessionRequest;
import dev.sessions.contract.internal.OpenedSession;
import dev.sessions.contract.internal.RefreshSessionRequest;
import dev.sessions.contract.internal.RefreshedSession;
import dev.sessions.contract.internal.RevokeUserRequest;
import dev.sessions.contract.internal.RevokedCount;
import dev.sessions.registry.security.InternalApi;

/** The calls auth-service makes ({@link InternalSessionApi}); never routed by the gateway. */
@InternalApi
@Tag(name = "Internal", description = "Service-to-service calls of auth-service; internal credential required")
@SecurityRequirement(name = "internalToken")
public class InternalSessionResource implements InternalSessionApi {

    private final InternalSessionService sessions;
    private final ClientAddressResolver clientAddress;
    // the current request (a request-scoped proxy): the interface's methods carry no transport parameters
    private final HttpServerRequest http;

    InternalSessionResource(
            InternalSessionService sessions, ClientAddressResolver clientAddress, HttpServerRequest http) {
        this.sessions = sessions;
        this.clientAddress = clientAddress;
        this.http = http;
    }

    @Override
    public Uni<OpenedSession> open(OpenSessionRequest request) {
        return sessions.open(request, () -> clientAddress.resolve(http));
    }

    @Override
    public Uni<RefreshedSession> refresh(String sessionId, RefreshSessionRequest request) {
        return sessions.refresh(sessionId, request, () -> clientAddress.resolve(http));
    }

    @Override
    public Uni<Void> end(String sessionId, EndSessionRequest request) {
        return sessions.end(sessionId, request);
    }

    @Override
    public Uni<RevokedCount> revokeUser(String userId, RevokeUserRequest request) {
        return sessions.revokeUser(userId, request);
    }
}
