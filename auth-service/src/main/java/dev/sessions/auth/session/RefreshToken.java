package dev.sessions.auth.session;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;

import dev.sessions.contract.redis.RedisKeys;

/**
 * A refresh token, {@code <sid>.<uid>.<secret>}: the session it belongs to, its user, and 256 secret bits
 * (base64url). The user only names the keys of the session and the account that a refresh extends and reads in the
 * rotation's own script (ADR 19); the script trusts it only when the chain names the same user. Cookies issued before
 * it, {@code <sid>.<secret>}, still parse (no user: the registry extends their session) and their successors carry one.
 */
public record RefreshToken(String sessionId, String userId, byte[] secret) {

    private static final int SECRET_BYTES = 32;
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final SecureRandom RANDOM = new SecureRandom();

    /** The first token of a session: a fresh random secret. */
    public static RefreshToken first(String sessionId, String userId) {
        byte[] secret = new byte[SECRET_BYTES];
        RANDOM.nextBytes(secret);
        return new RefreshToken(sessionId, userId, secret);
    }

    /** Parses a cookie value; empty for anything that is not a well-formed token. */
    public static Optional<RefreshToken> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        int dot = value.lastIndexOf('.');
        if (dot <= 0 || dot == value.length() - 1) {
            return Optional.empty();
        }
        String head = value.substring(0, dot);
        int first = head.indexOf('.');
        String sessionId = first < 0 ? head : head.substring(0, first);
        String userId = first < 0 ? null : head.substring(first + 1);
        if (!ID.matcher(sessionId).matches()
                || (userId != null && !ID.matcher(userId).matches())) {
            return Optional.empty();
        }
        try {
            byte[] secret = Base64.getUrlDecoder().decode(value.substring(dot + 1));
            return secret.length == SECRET_BYTES
                    ? Optional.of(new RefreshToken(sessionId, userId, secret))
                    : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The same link with the user the chain names: for a cookie issued before the user was in it. */
    public RefreshToken withUser(String chainUserId) {
        return new RefreshToken(sessionId, chainUserId, secret);
    }

    /**
     * Whether the token's user can name keys of its session's slot: a user of another bucket than the session's never
     * owns it (and a script given keys of two slots would fail).
     */
    public boolean namesKeysOfItsSession() {
        return userId != null && RedisKeys.inBucketOf(userId, sessionId);
    }

    /** The cookie value. */
    public String value() {
        String secretText = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        return userId == null ? sessionId + "." + secretText : sessionId + "." + userId + "." + secretText;
    }
}
