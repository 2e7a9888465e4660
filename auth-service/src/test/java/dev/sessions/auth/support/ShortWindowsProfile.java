package dev.sessions.auth.support;

import java.time.Duration;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * Windows of seconds that a test can watch run out (long enough for a busy shared machine): session idle timeout, max
 * lifetime and refresh-reuse grace; small sign-in limits (3 failures per account, 5 per address) in a short failure
 * window; and a retired signing key still published (a rotation in progress). One profile for all of them, so that
 * Quarkus starts once for them: the lifetime tests fail no sign-in, and the throttling tests keep no session long.
 */
public class ShortWindowsProfile implements QuarkusTestProfile {

    /** A session without "remember me" that is not refreshed for this long ends. */
    public static final Duration IDLE_TIMEOUT = Duration.ofSeconds(3);
    /** No session lives longer than this; a "remember me" session lives exactly this long. */
    public static final Duration MAX_LIFETIME = Duration.ofSeconds(5);
    /** How long a rotated refresh token is still accepted (a racing tab). */
    public static final Duration REUSE_GRACE = Duration.ofSeconds(1);
    /** Sign-in failures count for this long from the first one. */
    public static final Duration FAILURE_WINDOW = Duration.ofSeconds(4);

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "auth.session.idle-timeout", IDLE_TIMEOUT.toSeconds() + "s",
                "auth.session.max-lifetime", MAX_LIFETIME.toSeconds() + "s",
                "auth.refresh.reuse-grace", REUSE_GRACE.toSeconds() + "s",
                "auth.login.max-failures-per-account", "3",
                "auth.login.max-failures-per-address", "5",
                "auth.login.failure-window", FAILURE_WINDOW.toSeconds() + "s",
                "auth.signing.previous-public-keys", TestKeys.pem("previous-public.pem"));
    }
}
