package dev.sessions.contract.redis;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The fields of a refresh chain (auth-service's {@code refresh_create.lua} and {@code refresh_rotate.lua}), here
 * because the conversion of ADR 4's layout writes them too (ADR 15). Since ADR 20 a chain lives in its session's hash
 * {@code s:{b}:<sid>}: it reads the session's user, remember-me, maximum expiry and second factor from the fields the
 * registry wrote, and adds its links and the token claims {@link #SESSION_EMAIL} and {@link #SESSION_NAME}. A chain
 * written before has a key of its own, {@code rt:{b}:<sid>}, with all of the fields below; the first rotation moves
 * it into the session's hash. Short names and hashes in base64url, and a fresh chain holds no empty link fields: every
 * byte counts 100,000 times (issue 16; ADR 14's consequences).
 */
public final class RefreshChainFields {

    /** The user's email in the session's hash (ADR 20), for the tokens each refresh mints; absent when empty. */
    public static final String SESSION_EMAIL = "em";
    /** The user's display name in the session's hash (ADR 20); absent when empty. */
    public static final String SESSION_NAME = "nm";

    /** The user. */
    public static final String USER = "u";
    /** The user's email, name and roles (comma-separated) as of the sign-in, for the tokens each refresh mints. */
    public static final String EMAIL = "e";

    public static final String NAME = "n";
    public static final String ROLES = "r";
    /** "1" for a remember-me session; absent otherwise. */
    public static final String REMEMBER = "m";
    /** Sign-in and absolute expiry, epoch ms. */
    public static final String CREATED_AT = "c";

    public static final String MAX_EXPIRES_AT = "x";
    /** "1" when signed in with a second factor; absent otherwise. */
    public static final String MFA = "f";
    /**
     * The current (never presented) secret's base64url SHA-256, its first {@link #KEPT_HASH_CHARS} characters (a chain
     * written before ADR 20: the whole hash).
     */
    public static final String CURRENT = "h";
    /**
     * A chain written before ADR 20: the previous secret's hash, and in {@link #ROTATED_AT} when it was presented
     * (epoch ms, decimal); absent before the first rotation. A chain of today keeps no rotated link's hash: a
     * successor is the HMAC of its predecessor, so auth-service derives a presented token's next links and the
     * rotation finds the current one among them (ADR 20).
     */
    public static final String PREVIOUS = "p";
    /**
     * When each of the last {@code 1 + OLDER_LINKS} links was presented, newest first, comma-separated, in base 36: the
     * newest in epoch ms, each other as the milliseconds before the newest, or empty once more than the reuse grace
     * before it (such a link's successor can only be reuse from then on). Absent before the first rotation; in a chain
     * written before ADR 20 (one with {@link #PREVIOUS}), the previous link's time in decimal.
     */
    public static final String ROTATED_AT = "t";
    /**
     * Chains written before older links had a field each: their {@code hash:rotatedAt}, space-separated, newest
     * first. {@code refresh_rotate.lua} still reads their times into {@link #ROTATED_AT}.
     */
    public static final String LEGACY_OLDER = "o";
    /**
     * How many links before the previous one a chain knows: a chain written before ADR 20 kept each in its own
     * {@link #older(int)} field; one of today keeps when each was presented ({@link #ROTATED_AT}).
     */
    public static final int OLDER_LINKS = 7;
    /**
     * How much of a link's hash a chain keeps: 22 base64url characters, the first 128 bits of the SHA-256 of a 256-bit
     * secret, which a forged token has to hit (a second preimage of 128 bits).
     */
    public static final int KEPT_HASH_CHARS = 22;
    /** A chain written before ADR 20: how many rotations it had seen (absent: none). */
    public static final String GENERATION = "g";

    /**
     * The field of the {@code n}-th link before the previous one (1: the newest), a {@link #link}: one link a field
     * keeps every value of the chain under Redis' {@code hash-max-listpack-value} (64), so that a chain stays a
     * listpack at any age; the links in one field turned a chain into a hashtable at its third rotation, 2,032 bytes
     * a session instead of 885 (docs/benchmarks.md, "A chain in use").
     */
    public static String older(int n) {
        if (n < 1 || n > OLDER_LINKS) {
            throw new IllegalArgumentException("older links are numbered 1 to " + OLDER_LINKS + ": " + n);
        }
        return LEGACY_OLDER + n;
    }

    /** What a chain keeps of a link's hash. */
    public static String kept(String hash) {
        return hash.length() <= KEPT_HASH_CHARS ? hash : hash.substring(0, KEPT_HASH_CHARS);
    }

    /**
     * A rotated link as an {@link #older(int)} field holds it: {@code hash.rotatedAt}, the {@link #kept} hash and
     * epoch ms in base 36, 31 characters (whole hashes and decimal times, {@code hash:rotatedAt}, took 57: seven of
     * them were most of a chain in use).
     */
    public static String link(String hash, long rotatedAtMillis) {
        return kept(hash) + "." + Long.toString(rotatedAtMillis, 36);
    }

    /**
     * Whether a kept hash ({@link #kept}, or a whole one of a chain written before) names a token's whole hash: it is
     * its beginning, compared in constant time; never an empty or shortened one.
     */
    public static boolean names(String kept, String hash) {
        return kept != null
                && kept.length() >= KEPT_HASH_CHARS
                && kept.length() <= hash.length()
                && MessageDigest.isEqual(
                        kept.getBytes(StandardCharsets.US_ASCII),
                        hash.substring(0, kept.length()).getBytes(StandardCharsets.US_ASCII));
    }

    /** When a chain's newest link was presented (epoch ms): its last rotation; empty before the first one. */
    public static OptionalLong lastRotation(Map<String, String> chain) {
        String times = chain.get(ROTATED_AT);
        if (times == null || times.isEmpty()) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(
                    chain.containsKey(PREVIOUS) ? Long.parseLong(times) : Long.parseLong(times.split(",", 2)[0], 36));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /**
     * Every field a chain adds to its session's hash, the links of any age included: dropping the chain (the session
     * ending, or a refresh refused for good) deletes them and leaves the session's own fields to the registry.
     */
    public static List<String> inSession() {
        List<String> fields = new ArrayList<>(
                List.of(CURRENT, PREVIOUS, ROTATED_AT, GENERATION, LEGACY_OLDER, SESSION_EMAIL, SESSION_NAME));
        for (int n = 1; n <= OLDER_LINKS; n++) {
            fields.add(older(n));
        }
        return List.copyOf(fields);
    }

    private RefreshChainFields() {}
}
