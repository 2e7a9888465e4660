package dev.sessions.registry.error;

import io.quarkiverse.resteasy.problem.HttpProblem;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import java.net.URI;

/** RFC 9457 problem bodies for answers made outside the exception mappers (filters, {@code /check}). */
public final class Problems {

    /** The problem type of every answer: the status code says it all. */
    public static final URI ABOUT_BLANK = URI.create("about:blank");

    private Problems() {
    }

    /** A problem answer with the given status and a detail meant for the caller. */
    public static Response of(Response.StatusType status, String detail) {
        return problem(status, detail).toResponse();
    }

    /** The exception form, for throwing from services. */
    public static HttpProblem problem(Response.StatusType status, String detail) {
        return HttpProblem.builder().withType(ABOUT_BLANK).withStatus(status).withTitle(status.getReasonPhrase())
                .withDetail(detail).build();
    }

    /** A 401 with the bearer challenge. */
    public static Response unauthorized(String detail) {
        return HttpProblem.builder().withType(ABOUT_BLANK).withStatus(Response.Status.UNAUTHORIZED)
                .withTitle(Response.Status.UNAUTHORIZED.getReasonPhrase()).withDetail(detail)
                .withHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer").build().toResponse();
    }
}
