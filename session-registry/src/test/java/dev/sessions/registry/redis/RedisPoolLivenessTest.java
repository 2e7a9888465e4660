package dev.sessions.registry.redis;

import java.time.Duration;
import java.util.List;

import jakarta.inject.Inject;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Multi;
import io.vertx.mutiny.redis.client.Command;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import dev.sessions.contract.redis.RedisKeys;
import dev.sessions.registry.support.TestEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The shared Redis client keeps answering while more commands are in flight than its pool holds connections, across
 * several expiries of the cluster client's hash-slot cache (1 s). vertx-redis-client 4.5.26 deadlocked there: every
 * pooled connection was held by a cluster connection waiting for the slot refresh, which waited for a pooled
 * connection to the first seed (vert-x3/vertx-redis-client#541). On a one-node cluster whose seed URL is the node's
 * own address every request of the registry then hung; on standalone Redis this passes trivially.
 */
@QuarkusTest
@WithTestResource(value = TestEnvironment.class, scope = TestResourceScope.GLOBAL)
class RedisPoolLivenessTest {

    /** Several hash-slot cache lifetimes of the cluster client. */
    private static final Duration SPAN = Duration.ofMillis(3500);
    /** Far beyond any answer of a local Redis: only a hung client takes this long. */
    private static final Duration HUNG = Duration.ofSeconds(20);

    @Inject
    ReactiveRedisDataSource redis;

    @Inject
    RedisKeys keys;

    @ConfigProperty(name = "quarkus.redis.max-pool-size")
    int poolSize;

    @Test
    void commandsInFlightBeyondThePoolSizeAllAnswerAcrossSlotCacheExpiries() {
        int inFlight = 4 * poolSize;
        long until = System.nanoTime() + SPAN.toNanos();
        int rounds = 0;
        while (System.nanoTime() - until < 0) {
            List<Integer> answers = Multi.createFrom()
                    .range(0, 10 * inFlight)
                    // keys of many slots, as the registry's buckets are
                    .onItem()
                    .transformToUni(i -> redis.execute(Command.GET, keys.prefix() + "pool-probe:{" + i + "}")
                            .replaceWith(i))
                    .merge(inFlight)
                    .collect()
                    .asList()
                    .await()
                    .atMost(HUNG);
            assertThat(answers).hasSize(10 * inFlight);
            rounds++;
        }
        assertThat(rounds).isPositive();
    }

    /**
     * The cluster the module tests run on ({@code TEST_REDIS_CLUSTER}, ./stack test's one-node cluster) refuses at once a
     * script whose keys span hash slots, as a real cluster would: a test that passes there proves that every script it
     * ran kept its keys in one slot (ADR 14).
     */
    @Test
    void onAClusterAScriptWhoseKeysSpanSlotsIsRefusedAtOnce() {
        Assumptions.assumeTrue(
                TestEnvironment.clusterUrl().isPresent(), "standalone Redis has no slots (TEST_REDIS_CLUSTER unset)");
        String first = keys.prefix() + "cross-slot:{a}";
        String second = keys.prefix() + "cross-slot:{b}";

        assertThatThrownBy(() -> redis.execute(Command.EVAL, "return 1", "2", first, second)
                        .await()
                        .atMost(HUNG))
                .hasMessageContaining("CROSSSLOT");
    }
}
