package dev.sessions.registry.error;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import io.quarkiverse.resteasy.problem.HttpProblem;

import dev.sessions.contract.problem.ProblemVocabulary;

/** RFC 9457 problem bodies for answers made outside the exception mappers (filters, {@code /check}). */
public final class Problems {

    private Problems() {}

    /** A problem answer with the given status and a detail meant for the caller. */
    public static Response of(Response.StatusType status, String detail) {
        return problem(status, detail).toResponse();
    }

    /** The exception form, for throwing from services. */
    public static HttpProblem problem(Response.StatusType status, String detail) {
        return HttpProblem.builder()
                .withType(ProblemVocabulary.ABOUT_BLANK)
                .withStatus(status)
                .withTitle(ProblemVocabulary.title(status.getStatusCode()))
                .withDetail(detail)
                .build();
    }

    /** A 401 with the bearer challenge. */
    public static Response unauthorized(String detail) {
        return unauthorized(detail, null);
    }

    /** A 401 with the bearer challenge and, for a token whose session has ended, why ({@code reason}, else null). */
    public static Response unauthorized(String detail, String reason) {
        HttpProblem.Builder problem = HttpProblem.builder()
                .withType(ProblemVocabulary.ABOUT_BLANK)
                .withStatus(Response.Status.UNAUTHORIZED)
                .withTitle(ProblemVocabulary.title(401))
                .withDetail(detail)
                .withHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        if (reason != null) {
            problem.with(ProblemVocabulary.REASON, reason);
        }
        return problem.build().toResponse();
    }
}
