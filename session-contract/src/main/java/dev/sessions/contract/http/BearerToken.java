package dev.sessions.contract.http;

/** Extracts the token of an {@code Authorization: Bearer} header (RFC 6750: the scheme is case-insensitive). */
public final class BearerToken {

    private static final String PREFIX = "bearer ";

    private BearerToken() {}

    /** The token, or {@code null} when the header is missing or not a bearer header. */
    public static String from(String header) {
        if (header == null
                || header.length() <= PREFIX.length()
                || !header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            return null;
        }
        String token = header.substring(PREFIX.length()).strip();
        return token.isEmpty() ? null : token;
    }
}
