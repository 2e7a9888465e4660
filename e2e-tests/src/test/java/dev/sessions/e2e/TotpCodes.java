package dev.sessions.e2e;

import java.io.ByteArrayOutputStream;
import java.security.InvalidKeyException;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import javax.crypto.spec.SecretKeySpec;

import com.eatthepath.otp.TimeBasedOneTimePasswordGenerator;

/** The codes an authenticator app holding a base32 secret shows (RFC 6238: SHA1, 6 digits, 30 s), for tests. */
public final class TotpCodes {

    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private static final Duration PERIOD = Duration.ofSeconds(30);

    private TotpCodes() {}

    /** The code of the step {@code offset} steps from now. */
    public static String now(String base32Secret, int offset) {
        try {
            return new TimeBasedOneTimePasswordGenerator(PERIOD, 6, "HmacSHA1")
                    .generateOneTimePasswordString(
                            new SecretKeySpec(decode(base32Secret), "HmacSHA1"),
                            Instant.now().plus(PERIOD.multipliedBy(offset)),
                            Locale.ROOT);
        } catch (InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] decode(String base32) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int buffer = 0;
        int bits = 0;
        for (char c : base32.toUpperCase(Locale.ROOT).replace("=", "").toCharArray()) {
            buffer = (buffer << 5) | ALPHABET.indexOf(c);
            bits += 5;
            if (bits >= 8) {
                out.write((buffer >> (bits - 8)) & 0xff);
                bits -= 8;
            }
        }
        return out.toByteArray();
    }
}
