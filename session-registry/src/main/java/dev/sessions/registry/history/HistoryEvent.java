package dev.sessions.registry.history;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.sessions.contract.session.SessionFlag;
import dev.sessions.registry.device.Device;
import dev.sessions.registry.geo.Location;

/** One event of a user's session history, as stored in PostgreSQL; {@code flags} only on SIGNED_IN, else null. */
public record HistoryEvent(
        UUID id,
        String userId,
        String sessionId,
        String type,
        String reason,
        Instant at,
        String actorType,
        String actorId,
        String ipAddress,
        Location location,
        Device device,
        Boolean mfa,
        List<SessionFlag> flags) {}
