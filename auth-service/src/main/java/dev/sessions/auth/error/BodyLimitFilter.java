package dev.sessions.auth.error;

import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import dev.sessions.contract.problem.ProblemVocabulary;

/**
 * Refuses request bodies over 64 KiB with 413 problem+json: by {@code Content-Length} before anything is read, and
 * for bodies sent without a length by reading them here with the same limit (Quarkus' own limit would answer an
 * empty 413).
 */
@ApplicationScoped
public class BodyLimitFilter {

    private static final long MAX_BODY_BYTES = ProblemVocabulary.MAX_BODY_BYTES;

    // Vert.x reads form bodies only for these methods and fails (500) on a GET that sends one; no operation of this
    // service reads the body of any other method, so theirs is left to the HTTP layer's own limit.
    private static final Set<HttpMethod> MAY_HAVE_FORMS =
            Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE);

    private final BodyHandler unsizedBodies = BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES);

    void install(@Observes Router router) {
        router.route().order(-1000).handler(this::check).failureHandler(this::tooLarge);
    }

    private void check(RoutingContext ctx) {
        String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null) {
            if (exceeds(length)) {
                refuse(ctx);
            } else {
                ctx.next();
            }
            return;
        }
        if (ctx.request().headers().contains(HttpHeaders.TRANSFER_ENCODING)
                && MAY_HAVE_FORMS.contains(ctx.request().method())) {
            unsizedBodies.handle(ctx);
            return;
        }
        ctx.next();
    }

    private void tooLarge(RoutingContext ctx) {
        if (ctx.statusCode() == 413) {
            refuse(ctx);
        } else {
            ctx.next();
        }
    }

    private static void refuse(RoutingContext ctx) {
        ctx.response()
                .setStatusCode(413)
                .putHeader(HttpHeaders.CONTENT_TYPE, ProblemVocabulary.MEDIA_TYPE)
                .putHeader(HttpHeaders.CONNECTION, "close")
                .end(ProblemVocabulary.BODY_TOO_LARGE);
    }

    private static boolean exceeds(String length) {
        try {
            return Long.parseLong(length.trim()) > MAX_BODY_BYTES;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
