package dev.sessions.registry.session;

import java.time.Instant;
import java.util.List;

import dev.sessions.contract.session.SessionFlag;
import dev.sessions.registry.device.Device;
import dev.sessions.registry.geo.Location;

/** A live session as kept in Redis ({@code sess:{u:<uid>}:<sid>}). */
public record LiveSession(
        String id,
        String userId,
        Instant createdAt,
        Instant lastActivityAt,
        Instant expiresAt,
        Instant maxExpiresAt,
        boolean rememberMe,
        String ipAddress,
        Device device,
        Location location,
        boolean mfa,
        List<SessionFlag> flags) {}
