package dev.sessions.auth.revocation;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.inject.Inject;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.pubsub.PubSubCommands.RedisSubscriber;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import dev.sessions.auth.config.AuthConfig;
import dev.sessions.auth.support.RegistryTestResource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A registry instance answers a revocation once every subscriber of the channel has acknowledged it; this service
 * subscribes too, so it must acknowledge, and only ever on a registry's acknowledgement channel.
 */
@QuarkusTest
@WithTestResource(value = RegistryTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class RevocationListenerTest {

    @Inject
    RedisDataSource redis;

    @Inject
    AuthConfig config;

    @Test
    void everySubscriberAcknowledgesOnTheAskersChannel() {
        String channel = config.revocation().channel();
        await().atMost(Duration.ofSeconds(20)).until(() -> subscribersOf(channel) >= 2);
        String replies = channel + ":acks:" + UUID.randomUUID();
        List<String> acks = new CopyOnWriteArrayList<>();
        RedisSubscriber subscriber = redis.pubsub(String.class).subscribe(replies, acks::add);
        try {
            int asked = publish(channel, "{\"ack\":\"ack-1\",\"to\":\"" + replies + "\"}");

            assertThat(asked).as("this service and the registry").isEqualTo(2);
            await().atMost(Duration.ofSeconds(10)).until(() -> acks.size() == asked);
            // this service sends the id alone; the registry adds its instance name after a space (ADR 7)
            assertThat(acks).containsOnlyOnce("ack-1").allMatch(ack -> ack.equals("ack-1") || ack.startsWith("ack-1 "));
        } finally {
            subscriber.unsubscribe();
        }
    }

    @Test
    void anAcknowledgementIsNeverPublishedOutsideTheAcknowledgementChannels() {
        String channel = config.revocation().channel();
        await().atMost(Duration.ofSeconds(20)).until(() -> subscribersOf(channel) >= 2);
        String elsewhere = "elsewhere-" + UUID.randomUUID();
        String replies = channel + ":acks:" + UUID.randomUUID();
        List<String> stray = new CopyOnWriteArrayList<>();
        List<String> acks = new CopyOnWriteArrayList<>();
        RedisSubscriber strayListener = redis.pubsub(String.class).subscribe(elsewhere, stray::add);
        RedisSubscriber listener = redis.pubsub(String.class).subscribe(replies, acks::add);
        try {
            publish(channel, "{\"ack\":\"ack-stray\",\"to\":\"" + elsewhere + "\"}");
            int asked = publish(channel, "{\"ack\":\"ack-2\",\"to\":\"" + replies + "\"}");

            // messages are handled in order: once the second request is acknowledged, the first was dealt with
            await().atMost(Duration.ofSeconds(10)).until(() -> acks.size() == asked);
            assertThat(stray).isEmpty();
        } finally {
            strayListener.unsubscribe();
            listener.unsubscribe();
        }
    }

    private int publish(String channel, String message) {
        return redis.execute("PUBLISH", channel, message).toInteger();
    }

    private int subscribersOf(String channel) {
        return redis.execute("PUBSUB", "NUMSUB", channel).get(1).toInteger();
    }
}
