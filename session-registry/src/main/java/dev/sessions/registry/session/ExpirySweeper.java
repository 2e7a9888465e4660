package dev.sessions.registry.session;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Response;
import org.jboss.logging.Logger;

import dev.sessions.contract.redis.RedisKeys;
import dev.sessions.registry.config.RegistryConfig;
import dev.sessions.registry.revocation.RevocationService;

/**
 * Ends sessions past their deadline (EXPIRED, reason IDLE or MAX_LIFETIME) from the expiry index rather than from
 * keyspace notifications, which are lost while nobody listens. Every instance sweeps every bucket's index, a few
 * buckets at a time; the script makes each session end exactly once.
 */
@ApplicationScoped
public class ExpirySweeper {

    private static final Logger LOG = Logger.getLogger(ExpirySweeper.class);

    /** Buckets swept at once: enough to hide round trips, few enough to leave the connection pool to requests. */
    private static final int CONCURRENT_BUCKETS = 4;

    private final ReactiveRedisDataSource redis;
    private final RedisKeys keys;
    private final RevocationService revocations;
    private final int batchSize;
    private final Clock clock;

    ExpirySweeper(
            ReactiveRedisDataSource redis,
            RedisKeys keys,
            RevocationService revocations,
            RegistryConfig config,
            Clock clock) {
        this.clock = clock;
        this.redis = redis;
        this.keys = keys;
        this.revocations = revocations;
        this.batchSize = Math.max(1, config.sweeper().batchSize());
    }

    @Scheduled(every = "${registry.sweeper.interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> sweep() {
        return Multi.createFrom()
                .iterable(RedisKeys.buckets())
                .onItem()
                .transformToUni(this::sweepBatch)
                .merge(CONCURRENT_BUCKETS)
                .collect()
                .last()
                .replaceWithVoid()
                .onFailure()
                .recoverWithUni(failure -> {
                    LOG.warnf("Expiry sweep failed (%s); retried at the next run", failure.getMessage());
                    return Uni.createFrom().voidItem();
                });
    }

    private Uni<Void> sweepBatch(String bucket) {
        return redis.execute(
                        Command.ZRANGEBYSCORE,
                        keys.expiryIndex(bucket),
                        "-inf",
                        Long.toString(clock.millis()),
                        "LIMIT",
                        "0",
                        Integer.toString(batchSize))
                .map(ExpirySweeper::members)
                .chain(members -> members.isEmpty()
                        ? Uni.createFrom().voidItem()
                        : revocations
                                .expire(members)
                                .chain(ended -> members.size() == batchSize
                                        ? sweepBatch(bucket)
                                        : Uni.createFrom().voidItem()));
    }

    private static List<String> members(Response reply) {
        List<String> members = new ArrayList<>();
        if (reply != null) {
            for (Response member : reply) {
                members.add(member.toString());
            }
        }
        return members;
    }
}
