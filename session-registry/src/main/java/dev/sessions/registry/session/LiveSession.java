package dev.sessions.registry.session;

import dev.sessions.registry.device.Device;
import dev.sessions.registry.geo.Location;

import java.time.Instant;

/** A live session as kept in Redis ({@code sess:{u:<uid>}:<sid>}). */
public record LiveSession(String id, String userId, Instant createdAt, Instant lastActivityAt, Instant expiresAt,
                          Instant maxExpiresAt, boolean rememberMe, String ipAddress, Device device,
                          Location location) {
}
