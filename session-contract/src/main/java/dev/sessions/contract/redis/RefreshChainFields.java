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
    /** {@code hash:rotatedAt} of the kept links before the previous one, newest first, space-separated. */
    public static final String OLDER = "o";
    /** How many rotations the chain has seen (absent: none). */
    public static final String GENERATION = "g";

    private RefreshChainFields() {}
}
