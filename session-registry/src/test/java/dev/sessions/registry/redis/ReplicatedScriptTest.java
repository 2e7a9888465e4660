package dev.sessions.registry.redis;

import java.time.Duration;
import java.util.List;

import jakarta.inject.Inject;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.redis.client.Response;
import org.junit.jupiter.api.Test;

import dev.sessions.contract.redis.LuaScript;
import dev.sessions.contract.redis.NotReplicatedException;
import dev.sessions.contract.redis.RedisKeys;
import dev.sessions.registry.support.TestEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A script run with {@code WAIT} for replicas answers only when they confirmed: the module tests' Redis has none, so
 * asking for one fails rather than answering a write a failover could lose; asking for none runs the script as always.
 */
@QuarkusTest
@WithTestResource(value = TestEnvironment.class, scope = TestResourceScope.GLOBAL)
class ReplicatedScriptTest {

    private static final LuaScript OWNERS = LuaScript.load("session_owners");

    @Inject
    ReactiveRedisDataSource redis;

    @Inject
    RedisKeys keys;

    @Test
    void aWriteNoReplicaConfirmedIsNotAnswered() {
        List<String> sessionKeys = List.of(keys.session(RedisKeys.bucketOfUser("u-replicated") + "x".repeat(22)));

        assertThatThrownBy(() -> OWNERS.runReplicated(redis, sessionKeys, List.of(), 1, Duration.ofMillis(50))
                        .await()
                        .atMost(Duration.ofSeconds(10)))
                .isInstanceOf(NotReplicatedException.class)
                .hasMessageContaining("0 of 1");
    }

    @Test
    void noReplicasAskedRunsTheScriptAlone() {
        List<String> sessionKeys = List.of(keys.session(RedisKeys.bucketOfUser("u-replicated") + "y".repeat(22)));

        Response owners = OWNERS.runReplicated(redis, sessionKeys, List.of(), 0, Duration.ofMillis(50))
                .await()
                .atMost(Duration.ofSeconds(10));

        assertThat(owners.size()).isEqualTo(1);
    }
}
