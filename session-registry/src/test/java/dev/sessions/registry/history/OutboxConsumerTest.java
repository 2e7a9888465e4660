package dev.sessions.registry.history;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.sessions.contract.redis.RedisKeys;
import dev.sessions.registry.config.RegistryConfig;
import dev.sessions.registry.support.TestEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The consumer group on every bucket's outbox stream and the backlog over all of them, as the configured client
 * (one script on standalone Redis, one command per stream on a cluster) does them; under a key prefix of this test,
 * so that the running drain never reads these streams.
 */
@QuarkusTest
@WithTestResource(value = TestEnvironment.class, scope = TestResourceScope.GLOBAL)
class OutboxConsumerTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    ReactiveRedisDataSource redis;

    @Inject
    RegistryConfig config;

    @ConfigProperty(name = "quarkus.redis.client-type", defaultValue = "standalone")
    String clientType;

    private final RedisKeys keys = new RedisKeys("outbox-test-" + UUID.randomUUID() + ":");

    @AfterEach
    void deleteStreams() {
        for (String bucket : RedisKeys.buckets()) {
            command(Command.DEL, keys.outbox(bucket));
        }
    }

    @Test
    void everyBucketsStreamHasTheGroupBeforeTheFirstRead() {
        String first = keys.outbox(RedisKeys.buckets().get(0));
        String other = keys.outbox(RedisKeys.buckets().get(517));
        // one stream made by an XADD before any group (auth-service appends without one), one that has the group
        command(Command.XADD, first, "*", "type", "SESSION_STARTED");
        command(Command.XGROUP, "CREATE", other, RedisKeys.OUTBOX_GROUP, "0", "MKSTREAM");
        OutboxConsumer consumer = consumer();

        consumer.ensureGroup().await().atMost(WAIT);

        List<String> without = new ArrayList<>();
        for (String bucket : RedisKeys.buckets()) {
            if (!hasGroup(keys.outbox(bucket))) {
                without.add(bucket);
            }
        }
        assertThat(without).as("buckets whose stream lacks the group").isEmpty();
        // the entry appended before the group was made is delivered: the group starts at the stream's beginning
        assertThat(consumer.fresh().await().atMost(WAIT))
                .singleElement()
                .satisfies(entry -> assertThat(entry.stream()).isEqualTo(first));
        // a second call finds every group there and leaves the delivered entry pending
        consumer.failed(new IllegalStateException("NOGROUP the group was lost"));
        consumer.ensureGroup().await().atMost(WAIT);
        assertThat(consumer.backlog().await().atMost(WAIT)).isEqualTo(new OutboxConsumer.Backlog(1, 1));
    }

    @Test
    void theBacklogSumsEntriesAndUnacknowledgedOnesOverEveryBucket() {
        OutboxConsumer consumer = consumer();
        assertThat(consumer.backlog().await().atMost(WAIT)).isEqualTo(new OutboxConsumer.Backlog(0, 0));
        consumer.ensureGroup().await().atMost(WAIT);
        List<String> buckets = RedisKeys.buckets();
        for (String bucket : List.of(buckets.get(0), buckets.get(0), buckets.get(1023))) {
            command(Command.XADD, keys.outbox(bucket), "*", "type", "SESSION_STARTED");
        }
        assertThat(consumer.fresh().await().atMost(WAIT)).hasSize(3);
        command(Command.XADD, keys.outbox(buckets.get(300)), "*", "type", "SESSION_STARTED");

        assertThat(consumer.backlog().await().atMost(WAIT)).isEqualTo(new OutboxConsumer.Backlog(4, 3));
    }

    private OutboxConsumer consumer() {
        return new OutboxConsumer(redis, keys, config, 0, clientType);
    }

    private boolean hasGroup(String stream) {
        Response groups = command(Command.XINFO, "GROUPS", stream);
        // RESP2 (quarkus.redis.protocol-negotiation=false): each group is a flat list of names and values
        for (Response group : groups) {
            for (int i = 0; i + 1 < group.size(); i += 2) {
                if ("name".equals(group.get(i).toString())
                        && RedisKeys.OUTBOX_GROUP.equals(group.get(i + 1).toString())) {
                    return true;
                }
            }
        }
        return false;
    }

    private Response command(Command command, String... args) {
        return redis.execute(command, args).await().atMost(WAIT);
    }
}
