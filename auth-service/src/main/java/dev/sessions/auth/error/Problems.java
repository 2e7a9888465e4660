package dev.sessions.auth.error;

import java.net.URI;

import io.quarkiverse.resteasy.problem.HttpProblem;

/** The service's RFC 9457 answers, in one place so that every error reads alike. */
public final class Problems {

    /** RFC 9457: the type of a problem that needs no more than its status to be understood. */
    public static final URI BLANK = URI.create("about:blank");

    private Problems() {
    }

    /** 400: the request is malformed or breaks a rule. */
    public static HttpProblem badRequest(String detail) {
        return of(400, "Bad Request", detail);
    }

    /** 401: no valid credential. */
    public static HttpProblem unauthorized(String detail) {
        return HttpProblem.builder(of(401, "Unauthorized", detail)).withHeader("WWW-Authenticate", "Bearer").build();
    }

    /** 403: the caller may not do this. */
    public static HttpProblem forbidden(String detail) {
        return of(403, "Forbidden", detail);
    }

    /** 404: nothing there. */
    public static HttpProblem notFound(String detail) {
        return of(404, "Not Found", detail);
    }

    /** 409: the state does not allow it. */
    public static HttpProblem conflict(String detail) {
        return of(409, "Conflict", detail);
    }

    /** 429 with {@code Retry-After} in whole seconds. */
    public static HttpProblem tooManyRequests(String detail, long retryAfterSeconds) {
        return HttpProblem.builder(of(429, "Too Many Requests", detail))
                .withHeader("Retry-After", Long.toString(Math.max(1, retryAfterSeconds)))
                .build();
    }

    /** 503: a store this request needs is unreachable. */
    public static HttpProblem unavailable(String detail) {
        return of(503, "Service Unavailable", detail);
    }

    /** 503 with {@code Retry-After} in whole seconds: a capacity limit, not an outage, so the client can come back soon. */
    public static HttpProblem unavailableRetryAfter(String detail, long retryAfterSeconds) {
        return HttpProblem.builder(unavailable(detail))
                .withHeader("Retry-After", Long.toString(Math.max(1, retryAfterSeconds)))
                .build();
    }

    /** A problem with any status. */
    public static HttpProblem of(int status, String title, String detail) {
        return HttpProblem.builder().withType(BLANK).withStatus(status).withTitle(title).withDetail(detail).build();
    }
}
