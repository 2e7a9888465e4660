package dev.sessions.auth.token;

import java.time.Duration;
import java.time.Instant;

/** A signed access token, when it expires and how long it was issued for. */
public record AccessToken(String value, Instant expiresAt, Duration lifetime) {}
