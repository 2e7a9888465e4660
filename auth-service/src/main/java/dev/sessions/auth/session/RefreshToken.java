package dev.sessions.auth.session;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;

/** A refresh token, {@code <sid>.<secret>}: the session it belongs to and 256 secret bits (base64url). */
public record RefreshToken(String sessionId, byte[] secret) {

    private static final int SECRET_BYTES = 32;
    private static final Pattern SESSION_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final SecureRandom RANDOM = new SecureRandom();

    /** The first token of a session: a fresh random secret. */
    public static RefreshToken first(String sessionId) {
        byte[] secret = new byte[SECRET_BYTES];
        RANDOM.nextBytes(secret);
        return new RefreshToken(sessionId, secret);
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
        String sessionId = value.substring(0, dot);
        if (!SESSION_ID.matcher(sessionId).matches()) {
            return Optional.empty();
        }
        try {
            byte[] secret = Base64.getUrlDecoder().decode(value.substring(dot + 1));
            return secret.length == SECRET_BYTES ? Optional.of(new RefreshToken(sessionId, secret)) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The cookie value. */
    public String value() {
        return sessionId + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }
}
