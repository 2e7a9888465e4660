package dev.sessions.auth.error;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import dev.sessions.contract.problem.ProblemVocabulary;

/** The shape of every error body (RFC 9457), for the OpenAPI document. */
@Schema(name = "Problem", description = "RFC 9457 problem details; media type application/problem+json")
public record ProblemDocument(
        @Schema(description = "Problem type; about:blank when the status says it all", example = "about:blank")
        String type,

        @Schema(description = "Short summary of the status", example = "Unauthorized")
        String title,

        @Schema(description = "HTTP status", example = "401")
        int status,

        @Schema(description = "What went wrong, for people", example = "Wrong email or password.")
        String detail,

        @Schema(description = "The path that answered", example = "/auth/login")
        String instance) {

    /** Media type of problem bodies. */
    public static final String MEDIA_TYPE = ProblemVocabulary.MEDIA_TYPE;

    /** Example: 400. */
    public static final String BAD_REQUEST = """
            {"type":"about:blank","title":"Bad Request","status":400,"detail":"email must be at most 320 characters."}""";
    /** Example: 401. */
    public static final String UNAUTHORIZED = """
            {"type":"about:blank","title":"Unauthorized","status":401,"detail":"A valid access token is required."}""";
    /** Example: 403. */
    public static final String FORBIDDEN = """
            {"type":"about:blank","title":"Forbidden","status":403,"detail":"This needs the admin role."}""";
    /** Example: 404. */
    public static final String NOT_FOUND = """
            {"type":"about:blank","title":"Not Found","status":404,"detail":"No such user."}""";
    /** Example: 409. */
    public static final String CONFLICT = """
            {"type":"about:blank","title":"Conflict","status":409,"detail":"An account with this email already exists."}""";
    /** Example: 413. */
    public static final String TOO_LARGE = ProblemVocabulary.BODY_TOO_LARGE;
    /** Example: 429. */
    public static final String TOO_MANY = """
            {"type":"about:blank","title":"Too Many Requests","status":429,"detail":"Too many failed sign-in attempts; try again later."}""";
    /** Example: 503. */
    public static final String UNAVAILABLE = """
            {"type":"about:blank","title":"Service Unavailable","status":503,"detail":"The user store is unavailable; try again shortly."}""";
}
