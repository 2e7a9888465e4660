package dev.sessions.registry.tracing;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.logging.Logger;

/**
 * Test only: logs a line after a Redis round trip in a Mutiny chain, the way the registry's own request paths log, so
 * that the test can find the request's trace in it.
 */
@Path("/test/log-probe")
public class LogProbeResource {

    static final String MESSAGE = "log probe after a Redis round trip";
    private static final Logger LOG = Logger.getLogger(LogProbeResource.class);

    @Inject
    ReactiveRedisDataSource redis;

    @GET
    @Operation(hidden = true)
    public Uni<String> probe() {
        return redis.execute("PING").map(pong -> {
            LOG.info(MESSAGE);
            return pong.toString();
        });
    }
}
