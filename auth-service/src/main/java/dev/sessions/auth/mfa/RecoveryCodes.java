package dev.sessions.auth.mfa;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Recovery codes: {@link #COUNT} per account, each 10 characters of a 32-letter alphabet without look-alikes (50 random
 * bits), shown as {@code xxxxx-xxxxx}. Typed back in any case, with or without the hyphen or spaces.
 */
public final class RecoveryCodes {

    /** Codes per account. */
    public static final int COUNT = 10;

    private static final char[] ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789".toCharArray();
    private static final int LENGTH = 10;
    private static final Pattern NORMALISED = Pattern.compile("[abcdefghijkmnpqrstuvwxyz23456789]{" + LENGTH + "}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private RecoveryCodes() {}

    /** A fresh set of codes as shown to the user. */
    public static List<String> generate() {
        List<String> codes = new ArrayList<>(COUNT);
        for (int i = 0; i < COUNT; i++) {
            StringBuilder code = new StringBuilder(LENGTH + 1);
            for (int c = 0; c < LENGTH; c++) {
                if (c == LENGTH / 2) {
                    code.append('-');
                }
                code.append(ALPHABET[RANDOM.nextInt(ALPHABET.length)]);
            }
            codes.add(code.toString());
        }
        return codes;
    }

    /** The code as stored (lower case, no separators), or empty when the input cannot be a recovery code. */
    public static Optional<String> normalise(String input) {
        if (input == null) {
            return Optional.empty();
        }
        String code = input.replaceAll("[\\s-]", "").toLowerCase(Locale.ROOT);
        return NORMALISED.matcher(code).matches() ? Optional.of(code) : Optional.empty();
    }
}
