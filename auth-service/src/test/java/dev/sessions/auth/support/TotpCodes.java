package dev.sessions.auth.support;

import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.Locale;

import dev.sessions.auth.mfa.Totp;

/** Codes an authenticator app holding a base32 secret would show, for tests. */
public final class TotpCodes {

    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    private TotpCodes() {}

    /** The code of the step {@code offset} steps from now. */
    public static String now(String base32Secret, int offset) {
        return Totp.code(decode(base32Secret), Totp.step(Instant.now()) + offset);
    }

    /** RFC 4648 base32, padding and case ignored. */
    public static byte[] decode(String base32) {
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
