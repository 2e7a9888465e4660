package dev.sessions.registry.error;

import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import dev.sessions.contract.redis.NotReplicatedException;

/** Problem answers for writes that Redis took but could not make safe in time. */
public class RedisProblems {

    /** The change is on the master, not yet on a replica: answered as an outage, the caller tries again. */
    @ServerExceptionMapper(priority = 1)
    public Response notReplicated(NotReplicatedException e) {
        return Problems.of(Response.Status.SERVICE_UNAVAILABLE, "The change could not be made durable right now.");
    }
}
