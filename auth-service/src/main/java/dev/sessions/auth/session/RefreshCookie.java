package dev.sessions.auth.session;

import java.time.Duration;
import java.time.Instant;

/**
 * The {@code refresh_token} cookie: {@code HttpOnly; Secure; SameSite=Strict; Path=/auth}. With "remember me" it
 * carries {@code Max-Age} (the session's remaining lifetime); without, it is a browser-session cookie.
 */
public final class RefreshCookie {

    /** Cookie name. */
    public static final String NAME = "refresh_token";

    private static final String ATTRIBUTES = "; Path=/auth; HttpOnly; Secure; SameSite=Strict";

    private RefreshCookie() {}

    /** {@code Set-Cookie} value carrying a token. */
    public static String issue(RefreshToken token, boolean rememberMe, Instant maxExpiresAt, Instant now) {
        StringBuilder cookie =
                new StringBuilder(NAME).append('=').append(token.value()).append(ATTRIBUTES);
        if (rememberMe) {
            long seconds = Math.max(0, Duration.between(now, maxExpiresAt).toSeconds());
            cookie.append("; Max-Age=").append(seconds);
        }
        return cookie.toString();
    }

    /** {@code Set-Cookie} value that deletes the cookie. */
    public static String clear() {
        return NAME + "=" + ATTRIBUTES + "; Max-Age=0";
    }
}
