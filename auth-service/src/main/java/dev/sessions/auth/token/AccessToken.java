package dev.sessions.auth.token;

import java.time.Instant;

/** A signed access token and when it expires. */
public record AccessToken(String value, Instant expiresAt) {
}
