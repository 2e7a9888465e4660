package dev.sessions.registry.check;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.jboss.logging.Logger;

import dev.sessions.contract.http.BearerToken;
import dev.sessions.contract.problem.ProblemVocabulary;
import dev.sessions.registry.metrics.RegistryMetrics;
import dev.sessions.registry.security.AccessToken;
import dev.sessions.registry.security.DecisionUnavailableException;
import dev.sessions.registry.security.InvalidTokenException;

/**
 * The gateway's per-request check ({@code auth_request}), served by a Vert.x route of its own in front of the REST
 * layer: every {@code /api/**} request pays it, and under gateway load RESTEasy Reactive's request and response work,
 * and the HTTP security and routing filters in front of it, cost more than the decision itself (docs/benchmarks.md,
 * section 10). It answers what the REST resource answered: the same statuses, headers and problem bodies, the check's
 * own metrics, and the server span of the tracer (named after this route). It accepts the methods nginx may send the
 * subrequest with (the client's); documented in {@code META-INF/openapi.yaml}.
 */
@ApplicationScoped
public class CheckRoute {

    private static final String PATH = "/check";
    private static final String USER_HEADER = "X-Auth-User";
    private static final String SESSION_HEADER = "X-Auth-Session";
    private static final String ROLES_HEADER = "X-Auth-Roles";
    /** On a 401 for an ended session: why it ended, for the gateway's own 401 answer, which cannot read a body. */
    private static final String REASON_HEADER = "X-Auth-Reason";

    /**
     * Right after the instance's stop gate and the body limit (both at {@link Integer#MIN_VALUE}), before Quarkus's
     * security filters, upload limit and the REST layer, none of which the check needs: it reads one header and no
     * body, and its answer is its own decision.
     */
    private static final int ORDER = Integer.MIN_VALUE + 2;

    private static final Logger LOG = Logger.getLogger(CheckRoute.class);
    private static final String NO_STORE = "no-store";
    private static final String WWW_AUTHENTICATE = "WWW-Authenticate";
    private static final String BEARER_CHALLENGE = "Bearer";
    // the methods nginx may send the subrequest with (the client's), all answered as GET
    private static final Set<HttpMethod> CHECKED = Set.of(
            HttpMethod.GET, HttpMethod.HEAD, HttpMethod.POST, HttpMethod.PUT, HttpMethod.DELETE, HttpMethod.PATCH);
    private static final String ALLOWED = "HEAD, DELETE, POST, GET, OPTIONS, PUT, PATCH";

    private final AccessCheck access;
    private final RegistryMetrics metrics;
    private final ObjectMapper json;

    CheckRoute(AccessCheck access, RegistryMetrics metrics, ObjectMapper json) {
        this.access = access;
        this.metrics = metrics;
        this.json = json;
    }

    void install(@Observes Router router) {
        router.route(PATH).order(ORDER).handler(this::route);
    }

    private void route(RoutingContext ctx) {
        HttpMethod method = ctx.request().method();
        if (CHECKED.contains(method)) {
            check(ctx);
        } else if (HttpMethod.OPTIONS.equals(method)) {
            // as the REST layer answered it: the methods, no decision (an OPTIONS subrequest of the gateway passes on
            // to the app, which refuses it)
            ctx.response()
                    .setStatusCode(200)
                    .putHeader(HttpHeaders.ALLOW, ALLOWED)
                    .putHeader(HttpHeaders.CACHE_CONTROL, NO_STORE)
                    .end();
        } else {
            write(ctx, 405, problem(405, "HTTP 405 Method Not Allowed", null, ctx.normalizedPath()));
        }
    }

    private void check(RoutingContext ctx) {
        long start = System.nanoTime();
        String token = BearerToken.from(ctx.request().getHeader(HttpHeaders.AUTHORIZATION));
        if (token == null) {
            refuse(ctx, start, "A bearer token is required.", null);
            return;
        }
        Uni<AccessToken> decision;
        try {
            decision = access.admit(token);
        } catch (RuntimeException e) {
            // a failure before the decision's first stage is answered like any other, not by Vert.x's error page
            fail(ctx, start, e);
            return;
        }
        decision.subscribe().with(admitted -> allow(ctx, start, admitted), f -> fail(ctx, start, f));
    }

    private void allow(RoutingContext ctx, long start, AccessToken token) {
        // counted before the answer leaves, so that whoever got it and reads the metrics next sees it counted
        metrics.checked(204, start);
        ctx.response()
                .setStatusCode(204)
                .putHeader(USER_HEADER, token.userId())
                .putHeader(SESSION_HEADER, token.sessionId())
                .putHeader(ROLES_HEADER, String.join(",", token.roles()))
                .putHeader(HttpHeaders.CACHE_CONTROL, NO_STORE)
                .end();
    }

    private void fail(RoutingContext ctx, long start, Throwable failure) {
        if (failure instanceof InvalidTokenException invalid) {
            refuse(ctx, start, "The token is not accepted: " + invalid.getMessage() + ".", invalid.reason());
        } else if (failure instanceof DecisionUnavailableException) {
            metrics.checked(503, start);
            write(ctx, 503, problem(503, "The session state cannot be checked right now.", null, null));
        } else {
            // as the REST layer's mappers answered it: logged, 500 without a word of the cause, counted as unavailable
            LOG.error("The check failed unexpectedly", failure);
            metrics.checked(500, start);
            write(ctx, 500, problem(500, "The request could not be completed.", null, ctx.normalizedPath()));
        }
    }

    private void refuse(RoutingContext ctx, long start, String detail, String reason) {
        metrics.checked(401, start);
        HttpServerResponse response = ctx.response().putHeader(WWW_AUTHENTICATE, BEARER_CHALLENGE);
        if (reason != null) {
            response.putHeader(REASON_HEADER, reason);
        }
        write(ctx, 401, problem(401, detail, reason, null));
    }

    /**
     * A problem body as the REST layer wrote it (quarkus-resteasy-problem): {@code instance} only where an exception
     * mapper answered, {@code reason} for a token whose session has ended.
     */
    private String problem(int status, String detail, String reason, String instance) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", ProblemVocabulary.ABOUT_BLANK.toString());
        body.put("status", status);
        body.put("title", ProblemVocabulary.title(status));
        body.put("detail", detail);
        if (instance != null) {
            body.put("instance", instance);
        }
        if (reason != null) {
            body.put(ProblemVocabulary.REASON, reason);
        }
        try {
            return json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            // a map of strings and one number always serializes
            throw new IllegalStateException(e);
        }
    }

    private static void write(RoutingContext ctx, int status, String problem) {
        ctx.response()
                .setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, ProblemVocabulary.MEDIA_TYPE)
                .putHeader(HttpHeaders.CACHE_CONTROL, NO_STORE)
                .end(problem);
    }
}
