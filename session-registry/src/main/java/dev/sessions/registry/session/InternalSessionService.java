package dev.sessions.registry.session;

import java.time.Clock;
import java.time.Instant;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;

import io.smallrye.mutiny.Uni;

import dev.sessions.contract.address.IpLiteral;
import dev.sessions.contract.history.ActorType;
import dev.sessions.contract.history.EndReason;
import dev.sessions.contract.history.EventType;
import dev.sessions.contract.internal.EndSessionRequest;
import dev.sessions.contract.internal.OpenSessionRequest;
import dev.sessions.contract.internal.OpenedSession;
import dev.sessions.contract.internal.RefreshSessionRequest;
import dev.sessions.contract.internal.RefreshedSession;
import dev.sessions.contract.internal.RevokeUserRequest;
import dev.sessions.contract.internal.RevokedCount;
import dev.sessions.registry.error.Problems;
import dev.sessions.registry.revocation.Actor;
import dev.sessions.registry.revocation.Ending;

/**
 * The rules of the calls auth-service makes: what a request must hold to be acted on (400 otherwise), which address a
 * session records, and "not live" (404) for a session that cannot be refreshed or ended.
 */
@ApplicationScoped
public class InternalSessionService {

    private final SessionService sessions;
    private final Clock clock;

    InternalSessionService(SessionService sessions, Clock clock) {
        this.sessions = sessions;
        this.clock = clock;
    }

    /** Opens a session; {@code requestAddress} is read only when auth-service sent no address. */
    public Uni<OpenedSession> open(OpenSessionRequest request, Supplier<String> requestAddress) {
        requireAddress(request.ipAddress());
        Instant now = clock.instant();
        if (!request.maxExpiresAt().isAfter(now) || !request.expiresAt().isAfter(now)) {
            throw Problems.problem(Response.Status.BAD_REQUEST, "expiresAt and maxExpiresAt must lie in the future.");
        }
        return sessions.open(
                        request.userId(),
                        request.userAgent(),
                        addressOf(request.ipAddress(), requestAddress),
                        Boolean.TRUE.equals(request.rememberMe()),
                        request.expiresAt(),
                        request.maxExpiresAt(),
                        request.accountEpoch(),
                        request.maxSessions() == null ? 0 : request.maxSessions(),
                        Boolean.TRUE.equals(request.mfa()),
                        request.clientHints())
                .map(s -> new OpenedSession(
                        s.id(),
                        s.createdAt(),
                        s.expiresAt(),
                        s.flags(),
                        new OpenedSession.Device(
                                s.device().type(), s.device().os(), s.device().browser()),
                        s.location() == null
                                ? null
                                : new OpenedSession.Location(
                                        s.location().city(), s.location().country())));
    }

    /** Extends a live session; 404 when it is not live. */
    public Uni<RefreshedSession> refresh(
            String sessionId, RefreshSessionRequest request, Supplier<String> requestAddress) {
        requireAddress(request.ipAddress());
        return sessions.refresh(
                        sessionId,
                        request.userId(),
                        addressOf(request.ipAddress(), requestAddress),
                        request.expiresAt(),
                        request.userAgent(),
                        request.clientHints())
                .map(result -> result.map(r -> new RefreshedSession(sessionId, r.userId(), r.expiresAt(), r.roles()))
                        .orElseThrow(InternalSessionService::notLive));
    }

    /** Ends a live session; 404 when it is not live. */
    public Uni<Void> end(String sessionId, EndSessionRequest request) {
        Ending ending = ending(request.type(), request.reason(), request.actorType(), request.actorId());
        return sessions.end(sessionId, ending).map(ended -> {
            if (!ended) {
                throw notLive();
            }
            return null;
        });
    }

    /** Revokes every session of a user but one. */
    public Uni<RevokedCount> revokeUser(String userId, RevokeUserRequest request) {
        Ending ending = ending(EventType.REVOKED.name(), request.reason(), request.actorType(), request.actorId());
        return sessions.endAll(userId, blankToNull(request.exceptSessionId()), ending)
                .map(RevokedCount::new);
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
                throw Problems.problem(
                        Response.Status.BAD_REQUEST, "type must be SIGNED_OUT or REVOKED with a known reason.");
            }
        }
        ActorType actor = ActorType.of(actorType)
                .orElseThrow(() ->
                        Problems.problem(Response.Status.BAD_REQUEST, "actorType must be USER, ADMIN or SYSTEM."));
        return new Ending(
                eventType, endReason, new Actor(actor, actor == ActorType.SYSTEM ? null : blankToNull(actorId)));
    }

    /** The address auth-service saw, or else the one its request carries (X-Forwarded-For from a trusted proxy). */
    private static String addressOf(String given, Supplier<String> requestAddress) {
        return given != null && !given.isBlank() ? given.strip() : requestAddress.get();
    }

    private static void requireAddress(String ipAddress) {
        if (ipAddress != null
                && !ipAddress.isBlank()
                && IpLiteral.parse(ipAddress).isEmpty()) {
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
