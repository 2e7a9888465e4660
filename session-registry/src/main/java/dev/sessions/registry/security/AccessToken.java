package dev.sessions.registry.security;

import java.util.List;

/**
 * The verified claims of an access token that the registry acts on.
 *
 * @param userId    {@code sub}
 * @param sessionId {@code sid}
 * @param roles     {@code groups}
 * @param issuedAt  {@code iat}, epoch seconds
 * @param expiresAt {@code exp}, epoch seconds
 * @param tokenId   {@code jti}, may be null
 * @param email     {@code email}, may be null
 */
public record AccessToken(
        String userId,
        String sessionId,
        List<String> roles,
        long issuedAt,
        long expiresAt,
        String tokenId,
        String email) {}
