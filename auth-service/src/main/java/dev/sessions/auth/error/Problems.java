package dev.sessions.auth.error;

import io.quarkiverse.resteasy.problem.HttpProblem;

import dev.sessions.contract.problem.ProblemVocabulary;

/** The service's RFC 9457 answers, in one place so that every error reads alike. */
public final class Problems {

    private Problems() {}

    /** 400: the request is malformed or breaks a rule. */
    public static HttpProblem badRequest(String detail) {
        return of(400, detail);
    }

    /** 401: no valid credential. */
    public static HttpProblem unauthorized(String detail) {
        return HttpProblem.builder(of(401, detail))
                .withHeader("WWW-Authenticate", "Bearer")
                .build();
    }

    /** 403: the caller may not do this. */
    public static HttpProblem forbidden(String detail) {
        return of(403, detail);
    }

    /** 404: nothing there. */
    public static HttpProblem notFound(String detail) {
        return of(404, detail);
    }

    /** 409: the state does not allow it. */
    public static HttpProblem conflict(String detail) {
        return of(409, detail);
    }

    /** 429 with {@code Retry-After} in whole seconds. */
    public static HttpProblem tooManyRequests(String detail, long retryAfterSeconds) {
        return HttpProblem.builder(of(429, detail))
                .withHeader("Retry-After", Long.toString(Math.max(1, retryAfterSeconds)))
                .build();
    }

    /** 503: a store this request needs is unreachable. */
    public static HttpProblem unavailable(String detail) {
        return of(503, detail);
    }

    /** 503 with {@code Retry-After} in whole seconds: a capacity limit, not an outage, so the client can come back soon. */
    public static HttpProblem unavailableRetryAfter(String detail, long retryAfterSeconds) {
        return HttpProblem.builder(unavailable(detail))
                .withHeader("Retry-After", Long.toString(Math.max(1, retryAfterSeconds)))
                .build();
    }

    /** A problem with any status, titled as the contract's vocabulary names it. */
    public static HttpProblem of(int status, String detail) {
        return HttpProblem.builder()
                .withType(ProblemVocabulary.ABOUT_BLANK)
                .withStatus(status)
                .withTitle(ProblemVocabulary.title(status))
                .withDetail(detail)
                .build();
    }
}
