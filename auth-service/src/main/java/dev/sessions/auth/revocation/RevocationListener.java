package dev.sessions.auth.revocation;

import java.io.IOException;
import java.time.Duration;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.sessions.auth.config.AuthConfig;
import dev.sessions.auth.session.RefreshTokenStore;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.pubsub.ReactivePubSubCommands.ReactiveRedisSubscriber;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;

/**
 * Listens on the revocation channel and drops the refresh chain of every session the registry ends. A missed
 * message does no harm: a refresh also asks the registry, which refuses ended sessions.
 */
@Singleton
public class RevocationListener {

    private static final Logger LOG = Logger.getLogger(RevocationListener.class);
    private static final Duration RESUBSCRIBE_DELAY = Duration.ofSeconds(1);

    private final ReactiveRedisDataSource redis;
    private final RefreshTokenStore chains;
    private final ObjectMapper json;
    private final String channel;
    private volatile ReactiveRedisSubscriber subscriber;
    private volatile boolean stopped;

    RevocationListener(ReactiveRedisDataSource redis, RefreshTokenStore chains, ObjectMapper json, AuthConfig config) {
        this.redis = redis;
        this.chains = chains;
        this.json = json;
        this.channel = config.revocation().channel();
    }

    void onStart(@Observes StartupEvent event) {
        subscribe();
    }

    private void subscribe() {
        if (stopped) {
            return;
        }
        redis.pubsub(String.class)
                .subscribe(channel, this::onMessage, this::resubscribeLater, failure -> {
                    LOG.warnf("revocation channel %s failed: %s; resubscribing", channel, failure.toString());
                    resubscribeLater();
                })
                .subscribe().with(
                        active -> subscriber = active,
                        failure -> {
                            LOG.warnf("cannot subscribe to revocation channel %s: %s", channel, failure.toString());
                            resubscribeLater();
                        });
    }

    private void resubscribeLater() {
        if (stopped) {
            return;
        }
        Uni.createFrom().voidItem().onItem().delayIt().by(RESUBSCRIBE_DELAY)
                .subscribe().with(ignored -> subscribe());
    }

    private void onMessage(String message) {
        String sessionId = sessionIdOf(message);
        if (sessionId == null) {
            LOG.debugf("ignoring revocation message without sid: %s", message);
            return;
        }
        chains.drop(sessionId).subscribe().with(
                dropped -> LOG.debugf("dropped refresh chain of revoked session %s", sessionId),
                failure -> LOG.warnf("cannot drop refresh chain of %s: %s", sessionId, failure.toString()));
    }

    private String sessionIdOf(String message) {
        try {
            JsonNode node = json.readTree(message);
            JsonNode sid = node == null ? null : node.get("sid");
            return sid == null || !sid.isTextual() || sid.asText().isBlank() ? null : sid.asText();
        } catch (IOException e) {
            return null;
        }
    }

    @PreDestroy
    void stop() {
        stopped = true;
        ReactiveRedisSubscriber active = subscriber;
        if (active != null) {
            active.unsubscribe().subscribe().with(done -> { }, failure -> LOG.debug("unsubscribe failed", failure));
        }
    }
}
