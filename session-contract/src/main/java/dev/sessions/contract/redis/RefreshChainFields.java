package dev.sessions.contract.redis;

/**
 * The fields of a refresh chain {@code rt:{b}:<sid>} (auth-service's {@code refresh_create.lua} and
 * {@code refresh_rotate.lua}), here because the conversion of ADR 4's layout writes them too (ADR 15). One character
 * each and hashes in base64url, and a fresh chain holds no empty link fields: a chain is one key per live session, so
 * every byte counts 100,000 times (issue 16; ADR 14's consequences).
 */
public final class RefreshChainFields {

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
    /** Base64url SHA-256 of the previous secret, and when it was presented (epoch ms); absent before the first. */
    public static final String PREVIOUS = "p";

    public static final String ROTATED_AT = "t";
    /**
     * Chains written before older links had a field each: their {@code hash:rotatedAt}, space-separated, newest
     * first. {@code refresh_rotate.lua} still reads it and rewrites it as {@link #older(int)} fields.
     */
    public static final String LEGACY_OLDER = "o";
    /** How many links before the previous one a chain keeps, each in its own {@link #older(int)} field. */
    public static final int OLDER_LINKS = 7;
    /** How many rotations the chain has seen (absent: none). */
    public static final String GENERATION = "g";

    /**
     * The field of the {@code n}-th link before the previous one (1: the newest), {@code hash:rotatedAt}: one link a
     * field, 57 characters, keeps every value of the chain under Redis' {@code hash-max-listpack-value} (64), so that
     * a chain stays a listpack at any age; the links in one field turned a chain into a hashtable at its third
     * rotation, 2,032 bytes a session instead of 885 (docs/benchmarks.md, "A chain in use").
     */
    public static String older(int n) {
        if (n < 1 || n > OLDER_LINKS) {
            throw new IllegalArgumentException("older links are numbered 1 to " + OLDER_LINKS + ": " + n);
        }
        return LEGACY_OLDER + n;
    }

    private RefreshChainFields() {}
}
