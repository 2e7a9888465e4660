package dev.sessions.auth.recovery;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A password-reset token: 256 random bits, base64url, sent only in the emailed link and stored only as its SHA-256. A
 * hash of 256 random bits is looked up by equality: nothing about a stored token can be learnt from the time of a
 * miss, and a database leak yields no usable link.
 */
final class ResetToken {

    private static final int BYTES = 32;
    private static final Pattern FORM = Pattern.compile("[A-Za-z0-9_-]{43}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private ResetToken() {}

    /** A new token. */
    static String generate() {
        byte[] bytes = new byte[BYTES];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The stored form of a token (hex SHA-256); empty when the text cannot be a token. */
    static Optional<String> hash(String token) {
        if (token == null || !FORM.matcher(token).matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII))));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
