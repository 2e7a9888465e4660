package dev.sessions.registry.error;

import java.net.ConnectException;
import java.nio.channels.ClosedChannelException;
import java.util.Set;
import java.util.concurrent.TimeoutException;

import jakarta.ws.rs.core.Response;

import io.vertx.core.VertxException;
import io.vertx.core.impl.NoStackTraceThrowable;
import io.vertx.redis.client.impl.types.ErrorType;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import dev.sessions.contract.redis.NotReplicatedException;

/**
 * Redis that cannot serve a request right now is a 503, so that clients retry instead of reporting a bug: on a Redis
 * Cluster a failover, a slot being moved or a master without its replica are outages of seconds (refused or closed
 * connections, {@code CLUSTERDOWN}, {@code TRYAGAIN}, {@code NOREPLICAS}), as much as a write no replica confirmed.
 * (The check's own path answers 503 through {@code DecisionUnavailableException}; auth-service maps the same errors.)
 */
public class RedisProblems {

    private static final Logger LOG = Logger.getLogger(RedisProblems.class);
    private static final String DETAIL = "The session store is unavailable right now; try again shortly.";
    private static final Set<String> OUTAGES = Set.of(
            "CONNECTION_CLOSED", "LOADING", "MASTERDOWN", "BUSY", "TRYAGAIN", "CLUSTERDOWN", "READONLY", "NOREPLICAS");
    /**
     * A script that reads keys of its declared key's slot it could not declare (the listing, ADR 18) while that slot
     * is being moved to another node and some of its keys have gone already: refused before the read, until the slot
     * has moved.
     */
    private static final String SLOT_SPLIT = "attempted to access a non local key";

    /** The change is on the master, not yet on a replica: answered as an outage, the caller tries again. */
    @ServerExceptionMapper(priority = 1)
    public Response notReplicated(NotReplicatedException e) {
        return outage("write not replicated in time", e.getMessage());
    }

    /** Refused, or closed under a command (not every IOException: a malformed JSON body is one too). */
    @ServerExceptionMapper
    public Response refused(ConnectException e) {
        return outage("Redis unreachable", e.toString());
    }

    @ServerExceptionMapper
    public Response unreachable(ClosedChannelException e) {
        return outage("Redis unreachable", e.toString());
    }

    @ServerExceptionMapper
    public Response clientFailed(VertxException e) {
        return outage("Redis client failed", e.toString());
    }

    /** The cluster client's "Failed to connect to all nodes of the cluster" and its kin come without a type. */
    @ServerExceptionMapper
    public Response clientGaveUp(NoStackTraceThrowable e) {
        return outage("Redis client gave up", e.getMessage());
    }

    @ServerExceptionMapper
    public Response timedOut(TimeoutException e) {
        return outage("Redis timed out", e.toString());
    }

    /**
     * Server errors: an outage kind (also inside a batch, {@code ERR [1] NOREPLICAS ...}) is a 503; anything else is a
     * fault here, a 500.
     */
    @ServerExceptionMapper
    public Response redisError(ErrorType e) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        String kind = message.replaceFirst("^ERR \\[\\d+\\] ", "").split(" ", 2)[0];
        if (OUTAGES.contains(kind) || message.contains(SLOT_SPLIT)) {
            return outage("Redis unavailable", message);
        }
        LOG.errorf(e, "Redis command failed");
        return Problems.of(Response.Status.INTERNAL_SERVER_ERROR, "The request could not be completed.");
    }

    /** An outage: logged as a warning (no stack trace: the kind says it all) and answered 503. */
    private static Response outage(String what, String detail) {
        LOG.warnf("%s: %s", what, detail);
        return Problems.of(Response.Status.SERVICE_UNAVAILABLE, DETAIL);
    }
}
