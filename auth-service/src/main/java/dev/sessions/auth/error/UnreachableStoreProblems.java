package dev.sessions.auth.error;

import java.net.ConnectException;
import java.util.concurrent.TimeoutException;

import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * A store that cannot be reached (Redis on most paths; PostgreSQL and the registry are already translated where they
 * are called) is a 503, so that clients retry instead of reporting a bug.
 */
public class UnreachableStoreProblems {

    private static final Logger LOG = Logger.getLogger(UnreachableStoreProblems.class);
    private static final String DETAIL = "A store this service needs is unreachable; try again shortly.";

    @ServerExceptionMapper
    Response unreachable(ConnectException e) {
        LOG.warnf("store unreachable: %s", e.toString());
        return Problems.unavailable(DETAIL).toResponse();
    }

    @ServerExceptionMapper
    Response timedOut(TimeoutException e) {
        LOG.warnf("store timed out: %s", e.toString());
        return Problems.unavailable(DETAIL).toResponse();
    }
}
