package dev.sessions.contract.redis;

import java.util.ArrayList;
import java.util.List;

/**
 * The fields of a refresh chain {@code rt:{b}:<sid>} (auth-service's {@code refresh_create.lua} and
 * {@code refresh_rotate.lua}), here because the conversion of ADR 4's layout writes them too (ADR 15). One character
 * each and hashes in base64url, and a fresh chain holds no empty link fields: a chain is one key per live session, so
 * every byte counts 100,000 times (issue 16; ADR 14's consequences).
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
    /** Base64url SHA-256 of the current (never presented) secret. */
    public static final String CURRENT = "h";
    /**
     * The previous secret's hash, its first {@link #KEPT_HASH_CHARS} characters (a chain written before: the whole
     * hash), and when it was presented (epoch ms, decimal); absent before the first rotation.
     */
    public static final String PREVIOUS = "p";

    public static final String ROTATED_AT = "t";
    /**
     * Chains written before older links had a field each: their {@code hash:rotatedAt}, space-separated, newest
     * first. {@code refresh_rotate.lua} still reads it and rewrites it as {@link #older(int)} fields.
     */
    public static final String LEGACY_OLDER = "o";
    /** How many links before the previous one a chain keeps, each in its own {@link #older(int)} field. */
    public static final int OLDER_LINKS = 7;
    /**
     * How much of a rotated link's hash a chain keeps: 22 base64url characters, the first 128 bits of the SHA-256 of a
     * 256-bit secret. A rotated link is only ever compared with a presented token's hash (for the grace window or to
     * detect reuse), so a forged token still has to hit 128 bits; the current link, which a rotation trades for the
     * next one, keeps its whole hash.
     */
    public static final int KEPT_HASH_CHARS = 22;
    /** How many rotations the chain has seen (absent: none). */
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

    /** What a chain keeps of a rotated link's hash. */
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
