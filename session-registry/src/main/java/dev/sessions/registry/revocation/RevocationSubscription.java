package dev.sessions.registry.revocation;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.RedisConnection;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import io.vertx.redis.client.ProtocolVersion;
import io.vertx.redis.client.RedisOptions;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import dev.sessions.contract.redis.RedisKeys;
import dev.sessions.contract.revocation.ChannelMessage;
import dev.sessions.contract.revocation.RevocationChannel;
import dev.sessions.registry.config.RegistryConfig;
import dev.sessions.registry.live.SessionEvents;
import dev.sessions.registry.session.SessionListCache;

/**
 * This instance's subscription to the revocation channel, on a Redis connection of its own: it keeps the near-cache
 * current (loading the index on every (re)subscription, then applying announcements), hands endings and starts of
 * sessions to the live event streams ({@link SessionEvents}), answers acknowledgement
 * requests, hands acknowledgements of its own revocations to {@link Acknowledgements}, and holds the lease.
 * <p>
 * The lease (ADR 7): every quarter of {@code registry.revocation.lease} the instance publishes a heartbeat on the
 * channel and renews its lease to the heartbeat's send time plus the lease when it hears it back on its own
 * subscription. Messages of a connection are handled in order, so by then every revocation published before the
 * heartbeat has been applied. A subscription that stalls (socket open, nothing delivered) loses the lease within one
 * lease length and is reconnected after two. Other instances' heartbeats tell who is a member.
 */
@ApplicationScoped
public class RevocationSubscription {

    private static final Logger LOG = Logger.getLogger(RevocationSubscription.class);
    private static final long MAX_RESUBSCRIBE_DELAY_MS = 30_000;

    // this instance's heartbeats not heard back yet: sequence number -> when sent (nanoTime)
    private final ConcurrentNavigableMap<Long, Long> beats = new ConcurrentSkipListMap<>();
    private final AtomicLong beatSequence = new AtomicLong();
    /** Counts the subscriptions that went live: what was read under an earlier one may have missed announcements. */
    private final AtomicLong generation = new AtomicLong();
    /** Buckets loaded at once: enough to hide round trips, few enough to leave the connection pool to requests. */
    private static final int CONCURRENT_BUCKETS = 8;

    private final ReactiveRedisDataSource redis;
    private final RedisKeys keys;
    private final NearCache nearCache;
    private final Acknowledgements acknowledgements;
    private final SessionEvents sessionEvents;
    private final SessionListCache lists;
    private final Clock clock;
    private final List<String> redisUrls;
    private final Optional<String> redisPassword;
    private final Vertx vertx;
    private final String channel;
    private final RevocationChannel channels;
    private final String ackChannel;
    private final long firstDelayMs;
    private final String connectionName;
    private final String instance;
    private final long leaseNanos;
    private final long heartbeatMillis;

    private volatile boolean live;
    private volatile long leaseUntil = System.nanoTime();
    private volatile boolean stopped;
    private volatile RedisConnection connection;
    private volatile Redis client;
    private long delayMs;
    private int host;
    // this instance's join probe: the heartbeat that must come back before the denylist is loaded
    private volatile long probe;
    private volatile Runnable probeHeard;

    RevocationSubscription(
            ReactiveRedisDataSource redis,
            RedisKeys keys,
            NearCache nearCache,
            Acknowledgements acknowledgements,
            SessionEvents sessionEvents,
            SessionListCache lists,
            Vertx vertx,
            RegistryConfig config,
            Clock clock,
            @ConfigProperty(name = "quarkus.redis.hosts") List<String> redisHosts,
            @ConfigProperty(name = "quarkus.redis.password") Optional<String> redisPassword,
            @ConfigProperty(name = "quarkus.http.port") int httpPort) {
        this.redis = redis;
        this.keys = keys;
        this.nearCache = nearCache;
        this.acknowledgements = acknowledgements;
        this.sessionEvents = sessionEvents;
        this.lists = lists;
        this.clock = clock;
        // every seed in turn: a dead first host (a killed cluster node, a Sentinel-less standalone failover) must not
        // keep the subscription down until it returns
        this.redisUrls = List.copyOf(redisHosts);
        // the shared client's password when it is not in the URL (compose reads it from a secret file)
        this.redisPassword = redisPassword;
        this.vertx = vertx;
        this.channel = config.revocation().channel();
        this.channels = new RevocationChannel(channel);
        String id = UUID.randomUUID().toString();
        this.ackChannel = channels.ackChannel(id);
        this.firstDelayMs = Math.max(50, config.revocation().resubscribeDelay().toMillis());
        this.delayMs = firstDelayMs;
        this.connectionName = "registry-revocations-" + httpPort;
        this.instance = hostName() + ":" + httpPort + "#" + id.substring(0, 8);
        this.leaseNanos = config.revocation().lease().toNanos();
        this.heartbeatMillis = Math.max(10, config.revocation().lease().toMillis() / 4);
    }

    void start(@Observes StartupEvent event) {
        subscribe();
        vertx.setPeriodic(heartbeatMillis, id -> heartbeat());
    }

    void stop(@Observes ShutdownEvent event) {
        stopped = true;
        live = false;
        RedisConnection current = connection;
        if (current != null) {
            current.closeAndForget();
        }
        Redis dedicated = client;
        if (dedicated != null) {
            dedicated.close();
        }
    }

    /** Whether the subscription is up and loaded, so that this instance hears acknowledgements and announcements. */
    public boolean isLive() {
        return live;
    }

    /** Whether the near-cache may answer "not revoked": subscribed, loaded, and the lease held. */
    public boolean holdsLease() {
        return live && System.nanoTime() - leaseUntil < 0;
    }

    /** Which of this instance's subscriptions is (or was last) live; a new one after every loss. */
    public long generation() {
        return generation.get();
    }

    /** When the lease runs out, or ran out (nanoTime). */
    public long leaseUntil() {
        return leaseUntil;
    }

    /** The length of a lease, in nanoseconds. */
    public long leaseNanos() {
        return leaseNanos;
    }

    /** This instance's name in acknowledgements, heartbeats and logs ({@code host:port#id}). */
    public String instance() {
        return instance;
    }

    /** The channel on which this instance hears acknowledgements of its own revocations. */
    public String ackChannel() {
        return ackChannel;
    }

    @Scheduled(every = "60s", delayed = "60s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void forgetSilentMembers() {
        acknowledgements.forgetMembersSilentFor(10 * leaseNanos);
    }

    private void subscribe() {
        if (stopped) {
            return;
        }
        // a client of its own: a subscribed connection must never go back into the shared pool
        String redisUrl = redisUrls.get(host % redisUrls.size());
        RedisOptions options = new RedisOptions()
                .setConnectionString(redisUrl)
                .setMaxPoolSize(1)
                .setPreferredProtocolVersion(ProtocolVersion.RESP2);
        redisPassword.ifPresent(options::setPassword);
        Redis dedicated = Redis.createClient(vertx, options);
        client = dedicated;
        dedicated
                .connect()
                .chain(this::listen)
                .chain(this::joined)
                .ifNoItem()
                .after(Duration.ofNanos(2 * leaseNanos))
                .fail()
                .chain(conn -> reload())
                .subscribe()
                .with(
                        loaded -> {
                            // no lease yet: the client does not wait for SUBSCRIBE's reply, so only a heartbeat heard
                            // back
                            // shows that this connection delivers
                            generation.incrementAndGet();
                            live = true;
                            delayMs = firstDelayMs;
                            LOG.infof(
                                    "Revocation near-cache live on channel %s as %s (%d entries loaded)",
                                    channel, instance, loaded);
                            heartbeat();
                        },
                        failure -> {
                            LOG.warnf(
                                    "Revocation channel %s unavailable on %s (%s); answering from Redis until it is back",
                                    channel, address(redisUrl), failure.getMessage());
                            probeHeard = null;
                            RedisConnection current = connection;
                            if (current != null) {
                                dropped(current);
                            } else {
                                dedicated.close();
                                retryLater();
                            }
                        });
    }

    private Uni<RedisConnection> listen(RedisConnection conn) {
        connection = conn;
        conn.handler(this::onMessage);
        conn.exceptionHandler(failure -> dropped(conn));
        conn.endHandler(() -> dropped(conn));
        // a name lets operators (and tests) tell this instance's subscriber apart in CLIENT LIST
        return conn.send(Request.cmd(Command.CLIENT).arg("SETNAME").arg(connectionName))
                .chain(ignored -> conn.send(Request.cmd(Command.SUBSCRIBE).arg(channel)))
                .chain(ignored -> conn.send(Request.cmd(Command.SUBSCRIBE).arg(ackChannel)))
                .replaceWith(conn);
    }

    /**
     * Completes once a heartbeat sent now has come back on {@code conn}: the client does not wait for SUBSCRIBE's
     * reply, so until then a revocation could be announced before the subscription exists and committed after the
     * denylist was read, and be missed by both. Loading after the probe came back misses nothing: what was committed
     * before the subscription delivered is in the load, what came after is delivered. (On a cluster the announcement
     * may reach the subscriber's node later than the probe: then it is still delivered, the subscription being up.)
     */
    private Uni<RedisConnection> joined(RedisConnection conn) {
        return Uni.createFrom().emitter(emitter -> {
            long n = beatSequence.incrementAndGet();
            probe = n;
            probeHeard = () -> emitter.complete(conn);
            beats.put(n, System.nanoTime());
            beat(n);
        });
    }

    /** Loads every bucket's denylist index, a few buckets at a time; the number of entries loaded. */
    private Uni<Integer> reload() {
        String now = Long.toString(clock.millis());
        return Multi.createFrom()
                .iterable(RedisKeys.buckets())
                .onItem()
                .transformToUni(bucket -> redis.execute(
                                Command.ZRANGEBYSCORE, keys.revokedIndex(bucket), now, "+inf", "WITHSCORES")
                        .map(this::load))
                .merge(CONCURRENT_BUCKETS)
                .collect()
                .with(Collectors.summingInt(Integer::intValue));
    }

    private int load(Response entries) {
        if (entries == null) {
            return 0;
        }
        int loaded = 0;
        for (int i = 0; i + 1 < entries.size(); i += 2) {
            nearCache.remember(
                    entries.get(i).toString(),
                    (long) Double.parseDouble(entries.get(i + 1).toString()),
                    null);
            loaded++;
        }
        return loaded;
    }

    private void onMessage(Response message) {
        if (message == null
                || message.size() < 3
                || !"message".equalsIgnoreCase(message.get(0).toString())) {
            return;
        }
        String body = message.get(2).toString();
        if (ackChannel.equals(message.get(1).toString())) {
            acknowledgements.received(body);
            return;
        }
        ChannelMessage announcement = ChannelMessage.parse(body).orElse(null);
        if (announcement instanceof ChannelMessage.Heartbeat beat) {
            heard(beat.beat(), beat.n());
        } else if (announcement instanceof ChannelMessage.AckRequest request) {
            acknowledge(request.ack(), request.to());
        } else if (announcement instanceof ChannelMessage.Revocation revocation && revocation.until() != null) {
            nearCache.remember(revocation.sid(), revocation.until(), revocation.reason());
            lists.changed(revocation.uid());
            sessionEvents.heard(revocation);
        } else if (announcement instanceof ChannelMessage.Opened opened) {
            lists.changed(opened.uid());
            sessionEvents.heard(opened);
        } else if (announcement instanceof ChannelMessage.Changed changed) {
            lists.changed(changed.uid());
        } else {
            LOG.debugf("Ignoring a malformed revocation message: %s", body);
        }
    }

    /** Messages are handled in order, so every announcement before this request is in the near-cache already. */
    private void acknowledge(String ackId, String to) {
        if (ackChannel.equals(to)) {
            acknowledgements.received(RevocationChannel.acknowledgement(ackId, instance));
        } else if (channels.isAckChannel(to)) {
            redis.execute(Command.PUBLISH, to, RevocationChannel.acknowledgement(ackId, instance))
                    .subscribe()
                    .with(
                            sent -> {},
                            failure -> LOG.debugf("Cannot acknowledge revocation %s: %s", ackId, failure.getMessage()));
        }
    }

    /**
     * Sends a heartbeat, or reconnects when the oldest one unheard is older than two leases. While the subscription is
     * down the heartbeat only tells the others that this instance exists (number 0: it renews nothing).
     */
    private void heartbeat() {
        if (stopped) {
            return;
        }
        RedisConnection current = connection;
        if (!live || current == null) {
            beat(0);
            return;
        }
        long now = System.nanoTime();
        Map.Entry<Long, Long> oldest = beats.firstEntry();
        if (oldest != null && now - oldest.getValue() > 2 * leaseNanos) {
            LOG.warnf(
                    "Revocation subscription stalled: no heartbeat came back for %d ms; reconnecting",
                    TimeUnit.NANOSECONDS.toMillis(now - oldest.getValue()));
            dropped(current);
            return;
        }
        long n = beatSequence.incrementAndGet();
        beats.put(n, now);
        beat(n);
    }

    private void beat(long n) {
        redis.execute(Command.PUBLISH, channel, new ChannelMessage.Heartbeat(instance, n).toJson())
                .subscribe()
                .with(sent -> {}, failure -> LOG.debugf("Cannot send a heartbeat: %s", failure.getMessage()));
    }

    /** A heartbeat: this instance's own renews the lease to its send time plus the lease; another's, membership. */
    private void heard(String from, Long n) {
        if (!instance.equals(from)) {
            acknowledgements.memberHeard(from);
            return;
        }
        Long sent = n == null ? null : beats.get(n);
        if (sent == null) {
            return;
        }
        beats.headMap(n, true).clear();
        if (sent - leaseUntil + leaseNanos > 0) {
            leaseUntil = sent + leaseNanos;
        }
        Runnable joining = probeHeard;
        if (joining != null && n >= probe) {
            probeHeard = null;
            joining.run();
        }
    }

    private synchronized void dropped(RedisConnection conn) {
        if (conn != connection) {
            return;
        }
        live = false;
        leaseUntil = System.nanoTime();
        beats.clear();
        probeHeard = null;
        connection = null;
        conn.closeAndForget();
        Redis dedicated = client;
        if (dedicated != null) {
            dedicated.close();
        }
        if (!stopped) {
            LOG.warnf("Revocation subscription dropped; answering from Redis until resubscribed");
            retryLater();
        }
    }

    /** The next seed at once after a failure, and a doubled delay only once every seed has failed in a row. */
    private void retryLater() {
        long delay = delayMs;
        host++;
        if (host % redisUrls.size() == 0) {
            delayMs = Math.min(delayMs * 2, MAX_RESUBSCRIBE_DELAY_MS);
        }
        vertx.setTimer(delay, id -> subscribe());
    }

    /** A seed's host and port, for the log (its URL may hold the password). */
    private static String address(String url) {
        try {
            URI uri = URI.create(url);
            return uri.getHost() + ":" + uri.getPort();
        } catch (IllegalArgumentException e) {
            return "a configured host";
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
