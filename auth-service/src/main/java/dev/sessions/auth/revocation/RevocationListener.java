package dev.sessions.auth.revocation;

import java.time.Duration;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.pubsub.ReactivePubSubCommands.ReactiveRedisSubscriber;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import org.jboss.logging.Logger;

import dev.sessions.auth.config.AuthConfig;
import dev.sessions.auth.mail.ReportMail;
import dev.sessions.auth.session.RefreshTokenStore;
import dev.sessions.contract.revocation.ChannelMessage;
import dev.sessions.contract.revocation.RevocationChannel;

/**
 * Listens on the revocation channel and drops the refresh chain of every session the registry ends. A missed
 * message does no harm: a refresh also asks the registry, which refuses ended sessions. It also hears of reported
 * sessions and has the admins mailed. A registry instance that
 * revokes waits until every subscriber of the channel has acknowledged, so this listener acknowledges too (at once:
 * the registry's refusal, not the dropped chain, is what stops a refresh).
 */
@ApplicationScoped
public class RevocationListener {

    private static final Logger LOG = Logger.getLogger(RevocationListener.class);
    private static final Duration RESUBSCRIBE_DELAY = Duration.ofSeconds(1);

    private final ReactiveRedisDataSource redis;
    private final RefreshTokenStore chains;
    private final ReportMail reports;
    private final String channel;
    private final RevocationChannel channels;
    private volatile ReactiveRedisSubscriber subscriber;
    private volatile boolean stopped;

    RevocationListener(ReactiveRedisDataSource redis, RefreshTokenStore chains, ReportMail reports, AuthConfig config) {
        this.redis = redis;
        this.chains = chains;
        this.reports = reports;
        this.channel = config.revocation().channel();
        this.channels = new RevocationChannel(channel);
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
                .subscribe()
                .with(active -> subscriber = active, failure -> {
                    LOG.warnf("cannot subscribe to revocation channel %s: %s", channel, failure.toString());
                    resubscribeLater();
                });
    }

    private void resubscribeLater() {
        if (stopped) {
            return;
        }
        Uni.createFrom()
                .voidItem()
                .onItem()
                .delayIt()
                .by(RESUBSCRIBE_DELAY)
                .subscribe()
                .with(ignored -> subscribe());
    }

    private void onMessage(String message) {
        ChannelMessage body = ChannelMessage.parse(message).orElse(null);
        if (body instanceof ChannelMessage.AckRequest request) {
            acknowledge(request.ack(), request.to());
            return;
        }
        if (body instanceof ChannelMessage.Reported report) {
            reports.reported(report)
                    .subscribe()
                    .with(
                            queued -> LOG.debugf("queued the admins' mail of report %s", report.reported()),
                            failure -> LOG.errorf(
                                    "cannot queue the admins' mail of report %s: %s",
                                    report.reported(), failure.toString()));
            return;
        }
        if (!(body instanceof ChannelMessage.Revocation revocation)) {
            LOG.debugf("ignoring revocation message without sid: %s", message);
            return;
        }
        String sessionId = revocation.sid();
        chains.drop(sessionId)
                .subscribe()
                .with(
                        dropped -> LOG.debugf("dropped refresh chain of revoked session %s", sessionId),
                        failure -> LOG.warnf("cannot drop refresh chain of %s: %s", sessionId, failure.toString()));
    }

    private void acknowledge(String ackId, String to) {
        // only the registry's acknowledgement channels: a message on the channel cannot make this service publish
        // elsewhere
        if (!channels.isAckChannel(to)) {
            return;
        }
        redis.pubsub(String.class)
                .publish(to, RevocationChannel.acknowledgement(ackId, null))
                .subscribe()
                .with(
                        sent -> {},
                        failure -> LOG.debugf("cannot acknowledge revocation %s: %s", ackId, failure.toString()));
    }

    @PreDestroy
    void stop() {
        stopped = true;
        ReactiveRedisSubscriber active = subscriber;
        if (active != null) {
            active.unsubscribe().subscribe().with(done -> {}, failure -> LOG.debug("unsubscribe failed", failure));
        }
    }
}
