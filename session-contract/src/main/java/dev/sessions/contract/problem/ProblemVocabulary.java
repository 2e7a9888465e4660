package dev.sessions.contract.problem;

import java.net.URI;

import jakarta.ws.rs.core.Response;

/**
 * The words of every RFC 9457 answer of both services (and of the gateway's own, in its template): one type, one
 * title per status, one body for an oversized request. The status says it all, so the type is {@code about:blank}.
 */
public final class ProblemVocabulary {

    /** Media type of problem bodies. */
    public static final String MEDIA_TYPE = "application/problem+json";
    /** The problem type of every answer. */
    public static final URI ABOUT_BLANK = URI.create("about:blank");
    /**
     * The extension member of a 401 for a token whose session has ended: why it ended, as the denylist entry says it
     * (an {@link dev.sessions.contract.history.EndReason} name, or {@code SIGNED_OUT} for a session its user signed
     * out).
     */
    public static final String REASON = "reason";
    /** The detail of {@link #BODY_TOO_LARGE}. */
    public static final String BODY_TOO_LARGE_DETAIL = "The request body is larger than 64 KiB.";
    /** Largest accepted request body in bytes (64 KiB, the contract's limit). */
    public static final long MAX_BODY_BYTES = 64 * 1024;
    /**
     * The 413 body of the contract's limit, written before any exception mapper runs; a constant, so that OpenAPI
     * examples can quote it ({@code body(413, ...)} builds the same text, which this module's tests check).
     */
    public static final String BODY_TOO_LARGE = """
            {"type":"about:blank","title":"Content Too Large","status":413,"detail":"The request body is larger than 64 KiB."}""";

    private ProblemVocabulary() {}

    /** A problem body written by hand (filters that answer before the REST layer); {@code detail} is plain text. */
    public static String body(int status, String detail) {
        return "{\"type\":\"" + ABOUT_BLANK + "\",\"title\":\"" + title(status) + "\",\"status\":" + status
                + ",\"detail\":\"" + detail.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}";
    }

    /** The title of a status, as RFC 9110 names it (413 is "Content Too Large", not the older wording). */
    public static String title(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 406 -> "Not Acceptable";
            case 409 -> "Conflict";
            case 413 -> "Content Too Large";
            case 415 -> "Unsupported Media Type";
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            default -> {
                Response.Status known = Response.Status.fromStatusCode(status);
                yield known != null ? known.getReasonPhrase() : status >= 500 ? "Server Error" : "Client Error";
            }
        };
    }
}
