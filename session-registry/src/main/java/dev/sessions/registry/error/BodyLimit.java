package dev.sessions.registry.error;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.WebApplicationException;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import dev.sessions.contract.problem.ProblemVocabulary;

/**
 * Refuses request bodies over the limit with 413 problem+json: announced lengths before reading, streamed bodies
 * when the HTTP layer gives up on them. A form whose field outgrows the form parser's limit while it arrives in
 * several chunks fails outside the REST layer's exception mappers (RESTEasy Reactive throws its 413 from the data
 * handler): that failure is answered here too, with its own status, instead of Quarkus' 500 error page.
 */
@ApplicationScoped
public class BodyLimit {

    private static final Logger LOG = Logger.getLogger(BodyLimit.class);

    private static final String FORM_FIELD =
            ProblemVocabulary.body(413, "A field of the form is larger than the form limit.");

    private final long limit;
    private final String tooLarge;

    BodyLimit(@ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize limit) {
        this.limit = limit.asLongValue();
        this.tooLarge = ProblemVocabulary.body(413, "The request body is larger than " + this.limit + " bytes.");
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(ctx -> {
            String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            if (length != null && tooLong(length)) {
                ctx.response()
                        .setStatusCode(413)
                        .putHeader(HttpHeaders.CONTENT_TYPE, ProblemVocabulary.MEDIA_TYPE)
                        .putHeader(HttpHeaders.CONNECTION, "close")
                        .end(tooLarge);
                return;
            }
            ctx.next();
        });
        router.route().failureHandler(ctx -> {
            if (ctx.response().headWritten()) {
                // a later failure of a request already answered (the rest of a refused body): nothing left to say
                LOG.debugf("Failure after the answer was sent: %s", ctx.failure());
                return;
            }
            boolean fromRest = ctx.failure() instanceof WebApplicationException;
            int status = fromRest && ((WebApplicationException) ctx.failure()).getResponse() != null
                    ? ((WebApplicationException) ctx.failure()).getResponse().getStatus()
                    : ctx.statusCode();
            if (status == 413) {
                ctx.response()
                        .setStatusCode(413)
                        .putHeader(HttpHeaders.CONTENT_TYPE, ProblemVocabulary.MEDIA_TYPE)
                        .putHeader(HttpHeaders.CONNECTION, "close")
                        .end(fromRest ? FORM_FIELD : tooLarge);
                return;
            }
            if (status >= 400 && status < 500 && ctx.failure() instanceof WebApplicationException) {
                ctx.response()
                        .setStatusCode(status)
                        .putHeader(HttpHeaders.CONTENT_TYPE, ProblemVocabulary.MEDIA_TYPE)
                        .end(ProblemVocabulary.body(status, ProblemVocabulary.title(status) + "."));
                return;
            }
            ctx.next();
        });
    }

    private boolean tooLong(String length) {
        try {
            return Long.parseLong(length.strip()) > limit;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
