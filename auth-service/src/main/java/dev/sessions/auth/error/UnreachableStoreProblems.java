package dev.sessions.auth.error;

import java.io.IOException;
import java.util.Set;
import java.util.concurrent.TimeoutException;

import jakarta.ws.rs.core.Response;

import io.vertx.core.VertxException;
import io.vertx.redis.client.impl.types.ErrorType;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * A store that cannot be reached (Redis on most paths; PostgreSQL and the registry are already translated where they
 * are called) is a 503, so that clients retry instead of reporting a bug: refused or reset connections, connections
 * closed under a command, a full connection pool and commands without an answer in time all land here, whichever
 * form the client library gives them (an I/O exception, or a Vert.x one such as its timeout).
 */
public class UnreachableStoreProblems {

    private static final Logger LOG = Logger.getLogger(UnreachableStoreProblems.class);
    private static final String DETAIL = "A store this service needs is unreachable; try again shortly.";
    private static final Set<String> OUTAGES =
            // NOREPLICAS: a master whose replica is gone or still syncing (min-replicas-to-write), e.g. after a
            // failover
            Set.of(
                    "CONNECTION_CLOSED",
                    "LOADING",
                    "MASTERDOWN",
                    "BUSY",
                    "TRYAGAIN",
                    "CLUSTERDOWN",
                    "READONLY",
                    "NOREPLICAS");

    /** A refused connection ({@code ConnectException}) as much as one lost under a command. */
    @ServerExceptionMapper
    Response unreachable(IOException e) {
        LOG.warnf("store unreachable: %s", e.toString());
        return Problems.unavailable(DETAIL).toResponse();
    }

    @ServerExceptionMapper
    Response clientFailed(VertxException e) {
        LOG.warnf("store client failed: %s", e.toString());
        return Problems.unavailable(DETAIL).toResponse();
    }

    /**
     * Redis client errors are one type (not an Exception) for connection trouble and command errors alike: the
     * connection closing under a command or a server not ready to serve is an outage, anything else a fault here.
     */
    @ServerExceptionMapper
    Response redisError(ErrorType e) {
        String kind = e.getMessage() == null ? "" : e.getMessage().split(" ", 2)[0];
        if (OUTAGES.contains(kind)) {
            LOG.warnf("store unavailable: %s", e.toString());
            return Problems.unavailable(DETAIL).toResponse();
        }
        LOG.errorf(e, "store command failed");
        return Problems.of(500, "The server could not complete the request.").toResponse();
    }

    @ServerExceptionMapper
    Response timedOut(TimeoutException e) {
        LOG.warnf("store timed out: %s", e.toString());
        return Problems.unavailable(DETAIL).toResponse();
    }
}
