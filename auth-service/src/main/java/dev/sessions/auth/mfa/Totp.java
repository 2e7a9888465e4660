package dev.sessions.auth.mfa;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.OptionalLong;
import javax.crypto.spec.SecretKeySpec;

import com.eatthepath.otp.TimeBasedOneTimePasswordGenerator;

/**
 * RFC 6238 time-based one-time passwords as authenticator apps make them: HMAC-SHA1, 6 digits, 30-second steps from
 * the Unix epoch. The computation is java-otp's (RFC 4226 truncation); this class adds the window rule: a code of the
 * current step or one step either side (clock drift) matches.
 */
public final class Totp {

    /** Length of a step. */
    public static final Duration PERIOD = Duration.ofSeconds(30);
    /** Digits of a code. */
    public static final int DIGITS = 6;
    /** The HMAC of RFC 6238's default (and the only one authenticator apps reliably support). */
    public static final String ALGORITHM = "HmacSHA1";
    /** Steps accepted either side of the current one. */
    public static final int DRIFT_STEPS = 1;

    private Totp() {}

    /** The step an instant falls in. */
    public static long step(Instant at) {
        return Math.floorDiv(at.getEpochSecond(), PERIOD.toSeconds());
    }

    /** The code of a step, zero-padded to {@link #DIGITS} digits. */
    public static String code(byte[] secret, long step) {
        try {
            // a generator per call: one holds a Mac, which is not safe to share between threads
            return new TimeBasedOneTimePasswordGenerator(PERIOD, DIGITS, ALGORITHM)
                    .generateOneTimePasswordString(
                            new SecretKeySpec(secret, ALGORITHM),
                            Instant.ofEpochSecond(step * PERIOD.toSeconds()),
                            Locale.ROOT);
        } catch (InvalidKeyException e) {
            throw new IllegalStateException("unusable TOTP secret", e);
        }
    }

    /**
     * The newest step within the drift window around {@code now} whose code is {@code code}, or empty. Every step of
     * the window is computed and compared in constant time, so the answer's timing says nothing about which matched.
     */
    public static OptionalLong matchingStep(byte[] secret, String code, Instant now) {
        if (code == null || code.length() != DIGITS || !code.chars().allMatch(Character::isDigit)) {
            return OptionalLong.empty();
        }
        long current = step(now);
        long found = Long.MIN_VALUE;
        for (long step = current - DRIFT_STEPS; step <= current + DRIFT_STEPS; step++) {
            if (MessageDigest.isEqual(
                    code(secret, step).getBytes(StandardCharsets.US_ASCII), code.getBytes(StandardCharsets.US_ASCII))) {
                found = step;
            }
        }
        return found == Long.MIN_VALUE ? OptionalLong.empty() : OptionalLong.of(found);
    }
}
