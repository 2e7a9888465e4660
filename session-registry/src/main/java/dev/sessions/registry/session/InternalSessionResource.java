package dev.sessions.registry.session;

import dev.sessions.contract.address.ClientAddressResolver;
import dev.sessions.contract.address.IpLiteral;
import dev.sessions.contract.history.ActorType;
import dev.sessions.contract.history.EndReason;
import dev.sessions.contract.history.EventType;
import dev.sessions.contract.internal.EndSessionRequest;
import dev.sessions.contract.internal.InternalSessionApi;
import dev.sessions.contract.internal.OpenSessionRequest;
import dev.sessions.contract.internal.OpenedSession;
import dev.sessions.contract.internal.RefreshSessionRequest;
import dev.sessions.contract.internal.RefreshedSession;
import dev.sessions.contract.internal.RevokeUserRequest;
import dev.sessions.contract.internal.RevokedCount;
import dev.sessions.registry.error.Problems;
import dev.sessions.registry.revocation.Actor;
import dev.sessions.registry.revocation.Ending;
import dev.sessions.registry.security.InternalApi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Instant;

/** The calls auth-service makes ({@link InternalSessionApi}); never routed by the gateway. */
@InternalApi
@Tag(name = "Internal", description = "Service-to-service calls of auth-service; internal credential required")
@SecurityRequirement(name = "internalToken")
public class InternalSessionResource implements InternalSessionApi {

    private final SessionService sessions;
    private final ClientAddressResolver clientAddress;
    // the current request (a request-scoped proxy): the interface's methods carry no transport parameters
    private final HttpServerRequest http;

    InternalSessionResource(SessionService sessions, ClientAddressResolver clientAddress, HttpServerRequest http) {
        this.sessions = sessions;
        this.clientAddress = clientAddress;
        this.http = http;
    }

    @Override
    public Uni<OpenedSession> open(OpenSessionRequest request) {
        requireAddress(request.ipAddress());
        if (!request.maxExpiresAt().isAfter(Instant.now()) || !request.expiresAt().isAfter(Instant.now())) {
            throw Problems.problem(Response.Status.BAD_REQUEST, "expiresAt and maxExpiresAt must lie in the future.");
        }
        return sessions.open(request.userId(), request.userAgent(), addressOf(request.ipAddress()),
                        Boolean.TRUE.equals(request.rememberMe()), request.expiresAt(), request.maxExpiresAt(),
                        request.accountEpoch(), request.maxSessions() == null ? 0 : request.maxSessions())
                .map(s -> new OpenedSession(s.id(), s.createdAt(), s.expiresAt()));
    }

    @Override
    public Uni<RefreshedSession> refresh(String sessionId, RefreshSessionRequest request) {
        requireAddress(request.ipAddress());
        return sessions.refresh(sessionId, addressOf(request.ipAddress()), request.expiresAt())
                .map(result -> result.map(r -> new RefreshedSession(sessionId, r.userId(), r.expiresAt()))
                        .orElseThrow(InternalSessionResource::notLive));
    }

    @Override
    public Uni<Void> end(String sessionId, EndSessionRequest request) {
        Ending ending = ending(request.type(), request.reason(), request.actorType(), request.actorId());
        return sessions.end(sessionId, ending).map(ended -> {
            if (!ended) {
                throw notLive();
            }
            return null;
        });
    }

    @Override
    public Uni<RevokedCount> revokeUser(String userId, RevokeUserRequest request) {
        Ending ending = ending(EventType.REVOKED.name(), request.reason(), request.actorType(), request.actorId());
        return sessions.endAll(userId, blankToNull(request.exceptSessionId()), ending).map(RevokedCount::new);
    }

    private static Ending ending(String type, String reason, String actorType, String actorId) {
        EventType eventType = EventType.of(type).orElse(null);
        EndReason endReason = null;
        if (eventType == EventType.SIGNED_OUT) {
            if (reason != null && !reason.isBlank()) {
                throw Problems.problem(Response.Status.BAD_REQUEST, "SIGNED_OUT carries no reason.");
            }
        } else {
            endReason = EndReason.of(EventType.REVOKED, reason).orElse(null);
            if (eventType != EventType.REVOKED || endReason == null) {
                throw Problems.problem(Response.Status.BAD_REQUEST, "type must be SIGNED_OUT or REVOKED with a known reason.");
            }
        }
        ActorType actor = ActorType.of(actorType).orElseThrow(
                () -> Problems.problem(Response.Status.BAD_REQUEST, "actorType must be USER, ADMIN or SYSTEM."));
        return new Ending(eventType, endReason, new Actor(actor, actor == ActorType.SYSTEM ? null : blankToNull(actorId)));
    }

    /** The address auth-service saw, or else the one this request carries (X-Forwarded-For from a trusted proxy). */
    private String addressOf(String given) {
        if (given != null && !given.isBlank()) {
            return given.strip();
        }
        return clientAddress.resolve(http);
    }

    private static void requireAddress(String ipAddress) {
        if (ipAddress != null && !ipAddress.isBlank() && IpLiteral.parse(ipAddress).isEmpty()) {
            throw Problems.problem(Response.Status.BAD_REQUEST, "ipAddress must be an IPv4 or IPv6 address.");
        }
    }

    private static RuntimeException notLive() {
        return Problems.problem(Response.Status.NOT_FOUND, "The session is not live.");
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
