package dev.sessions.auth.error;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Refuses bodies over 64 KiB with 413 problem+json before they are read; {@code quarkus.http.limits.max-body-size}
 * is the backstop for bodies sent without a length.
 */
@Singleton
public class BodyLimitFilter {

    /** Largest accepted request body in bytes (64 KiB, the contract's limit). */
    public static final long MAX_BODY_BYTES = 64 * 1024;

    private static final String PROBLEM = """
            {"type":"about:blank","title":"Content Too Large","status":413,"detail":"The request body is larger than 64 KiB."}""";

    void install(@Observes Router router) {
        router.route().order(-1000).handler(this::check);
    }

    private void check(RoutingContext ctx) {
        String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null && exceeds(length)) {
            ctx.response().setStatusCode(413)
                    .putHeader(HttpHeaders.CONTENT_TYPE, "application/problem+json")
                    .putHeader(HttpHeaders.CONNECTION, "close")
                    .end(PROBLEM);
            return;
        }
        ctx.next();
    }

    private static boolean exceeds(String length) {
        try {
            return Long.parseLong(length.trim()) > MAX_BODY_BYTES;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
