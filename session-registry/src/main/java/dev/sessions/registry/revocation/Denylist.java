package dev.sessions.registry.revocation;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.sessions.registry.config.RegistryConfig;
import dev.sessions.registry.redis.RedisKeys;
import dev.sessions.registry.security.DecisionUnavailableException;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.RedisConnection;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.ProtocolVersion;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The revocation denylist as each instance sees it. While the pub/sub subscription is up, the index has been
 * loaded and the instance holds its lease, answers come from memory (no I/O on the request path). Otherwise every
 * answer goes to Redis, so a revocation announced while nobody listened, or stuck in a stalled connection, is never
 * missed. When Redis cannot answer either, the answer is "undecidable" (503), never "not revoked".
 * <p>
 * The lease (ADR 7): every quarter of {@code registry.revocation.lease} the instance publishes a heartbeat on the
 * channel and renews its lease to the heartbeat's send time plus the lease when it hears it back on its own
 * subscription. Messages of a connection are handled in order, so by then every revocation published before the
 * heartbeat has been applied. A subscription that stalls (socket open, nothing delivered) loses the lease within one
 * lease length and is reconnected after two. Other instances' heartbeats tell who is a member.
 * <p>
 * Every instance acknowledges revocations on the asking instance's own channel ({@code <channel>:acks:<uuid>}), with
 * its name, once it has applied them, which is what lets a revocation answer early when every instance refuses the
 * session; without all of them it answers only once every lease that could be stale has run out.
 */
@ApplicationScoped
public class Denylist {

    private static final Logger LOG = Logger.getLogger(Denylist.class);
    private static final long MAX_RESUBSCRIBE_DELAY_MS = 30_000;

    private final Map<String, Long> nearCache = new ConcurrentHashMap<>();
    private final Map<String, Waiter> waiters = new HashMap<>();
    // acknowledgements may come back before the script's own reply has been read: they are kept until claimed
    private final Cache<String, Acks> acks = Caffeine.newBuilder().expireAfterWrite(Duration.ofSeconds(30)).build();
    // other registry instances, by name: when their last heartbeat was heard (System.nanoTime)
    private final Map<String, Long> members = new ConcurrentHashMap<>();
    // this instance's heartbeats not heard back yet: sequence number -> when sent (System.nanoTime)
    private final ConcurrentNavigableMap<Long, Long> beats = new ConcurrentSkipListMap<>();
    private final AtomicLong beatSequence = new AtomicLong();
    private final ReactiveRedisDataSource redis;
    private final String redisUrl;
    private final Vertx vertx;
    private final String channel;
    private final String ackPrefix;
    private final String ackChannel;
    private final long firstDelayMs;
    private final String connectionName;
    private final String instance;
    private final long leaseNanos;
    private final long heartbeatMillis;
    private final Clock clock;

    private volatile boolean live;
    private volatile long leaseUntil = System.nanoTime();
    private volatile boolean stopped;
    private volatile RedisConnection connection;
    private volatile Redis client;
    private long delayMs;

    Denylist(ReactiveRedisDataSource redis, Vertx vertx, RegistryConfig config, Clock clock,
             @ConfigProperty(name = "quarkus.redis.hosts") List<String> redisHosts,
             @ConfigProperty(name = "quarkus.http.port") int httpPort) {
        this.redis = redis;
        this.redisUrl = redisHosts.get(0);
        this.vertx = vertx;
        this.clock = clock;
        this.channel = config.revocation().channel();
        this.ackPrefix = channel + ":acks:";
        this.ackChannel = ackPrefix + UUID.randomUUID();
        this.firstDelayMs = Math.max(50, config.revocation().resubscribeDelay().toMillis());
        this.delayMs = firstDelayMs;
        this.connectionName = "registry-revocations-" + httpPort;
        this.instance = hostName() + ":" + httpPort + "#" + ackChannel.substring(ackPrefix.length(), ackPrefix.length() + 8);
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

    /** Whether the session is on the denylist; fails with {@link DecisionUnavailableException} when undecidable. */
    public Uni<Boolean> isRevoked(String sessionId) {
        if (revokedInMemory(sessionId)) {
            return Uni.createFrom().item(Boolean.TRUE);
        }
        if (answersFromMemory()) {
            return Uni.createFrom().item(Boolean.FALSE);
        }
        return redis.execute(Command.EXISTS, RedisKeys.revoked(sessionId))
                .map(r -> r != null && r.toInteger() == 1)
                .onFailure().transform(f -> new DecisionUnavailableException("the denylist is unreachable", f));
    }

    /** Whether the subscription is up and loaded, so that this instance hears acknowledgements and announcements. */
    public boolean isLive() {
        return live;
    }

    /** Whether answers come from the near-cache: subscribed, loaded, and the lease held. */
    public boolean answersFromMemory() {
        return live && System.nanoTime() - leaseUntil < 0;
    }

    /** This instance's name in acknowledgements, heartbeats and logs ({@code host:port#id}). */
    public String instance() {
        return instance;
    }

    /**
     * Completes once {@code subscribers} acknowledgements of {@code ackId} have come back on this instance's
     * acknowledgement channel, including one from every other registry instance heard lately, or after {@code wait}.
     * A subscriber acknowledges after it has applied every revocation announced before the request, so once all have,
     * no instance still accepts the revoked sessions; {@code wait} must be at least the lease, so that by then every
     * instance that did not acknowledge has stopped answering from memory.
     */
    Uni<Void> acknowledged(String ackId, int subscribers, Duration wait) {
        if (ackId.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Set<String> expected = membersHeardWithin(leaseNanos);
        return Uni.createFrom().<Void>emitter(emitter -> {
            synchronized (waiters) {
                if (acksOf(ackId).complete(subscribers, expected)) {
                    emitter.complete(null);
                    return;
                }
                waiters.put(ackId, new Waiter(subscribers, expected, () -> emitter.complete(null)));
            }
        }).ifNoItem().after(wait).recoverWithItem(() -> unacknowledged(ackId, subscribers, expected, wait))
                .onTermination().invoke(() -> {
                    synchronized (waiters) {
                        waiters.remove(ackId);
                        acks.invalidate(ackId);
                    }
                });
    }

    /** The channel on which this instance hears acknowledgements of its own revocations. */
    String ackChannel() {
        return ackChannel;
    }

    /** Records revocations this instance made itself, without waiting for its own announcement. */
    void remember(Iterable<String> sessionIds, long lapse) {
        for (String sid : sessionIds) {
            nearCache.merge(sid, lapse, Math::max);
        }
    }

    @Scheduled(every = "60s", delayed = "60s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void forgetLapsed() {
        long now = clock.millis();
        nearCache.values().removeIf(lapse -> lapse <= now);
        long silent = System.nanoTime() - 10 * leaseNanos;
        members.values().removeIf(heard -> heard - silent < 0);
    }

    /** When the lease runs out, or ran out (System.nanoTime). */
    long leaseUntil() {
        return leaseUntil;
    }

    private boolean revokedInMemory(String sessionId) {
        Long lapse = nearCache.get(sessionId);
        return lapse != null && lapse > clock.millis();
    }

    private void subscribe() {
        if (stopped) {
            return;
        }
        // a client of its own: a subscribed connection must never go back into the shared pool
        Redis dedicated = Redis.createClient(vertx, new RedisOptions().setConnectionString(redisUrl)
                .setMaxPoolSize(1).setPreferredProtocolVersion(ProtocolVersion.RESP2));
        client = dedicated;
        dedicated.connect()
                .chain(this::listen)
                .ifNoItem().after(Duration.ofNanos(2 * leaseNanos)).fail()
                .chain(conn -> reload())
                .subscribe().with(loaded -> {
                    // no lease yet: the client does not wait for SUBSCRIBE's reply, so only a heartbeat heard back
                    // shows that this connection delivers
                    live = true;
                    delayMs = firstDelayMs;
                    LOG.infof("Revocation near-cache live on channel %s as %s (%d entries loaded)", channel, instance, loaded);
                    heartbeat();
                }, failure -> {
                    LOG.warnf("Revocation channel %s unavailable (%s); answering from Redis until it is back",
                            channel, failure.getMessage());
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

    private Uni<Integer> reload() {
        long now = clock.millis();
        return redis.execute(Command.ZRANGEBYSCORE, RedisKeys.REVOKED_INDEX, Long.toString(now), "+inf", "WITHSCORES")
                .map(this::load);
    }

    private int load(Response entries) {
        if (entries == null) {
            return 0;
        }
        int loaded = 0;
        for (int i = 0; i + 1 < entries.size(); i += 2) {
            nearCache.merge(entries.get(i).toString(), (long) Double.parseDouble(entries.get(i + 1).toString()), Math::max);
            loaded++;
        }
        return loaded;
    }

    private void onMessage(Response message) {
        if (message == null || message.size() < 3 || !"message".equalsIgnoreCase(message.get(0).toString())) {
            return;
        }
        String body = message.get(2).toString();
        if (ackChannel.equals(message.get(1).toString())) {
            acked(body);
            return;
        }
        try {
            JsonObject announcement = new JsonObject(body);
            String beat = announcement.getString("beat");
            if (beat != null) {
                heard(beat, announcement.getLong("n"));
                return;
            }
            String ackId = announcement.getString("ack");
            if (ackId != null) {
                acknowledge(ackId, announcement.getString("to"));
                return;
            }
            String sid = announcement.getString("sid");
            Long lapse = announcement.getLong("until");
            if (sid != null && lapse != null) {
                nearCache.merge(sid, lapse, Math::max);
            }
        } catch (RuntimeException e) {
            LOG.debugf("Ignoring a malformed revocation message: %s", e.getMessage());
        }
    }

    /** Messages are handled in order, so every announcement before this request is in the near-cache already. */
    private void acknowledge(String ackId, String to) {
        if (ackChannel.equals(to)) {
            acked(ackId + " " + instance);
        } else if (to != null && to.startsWith(ackPrefix)) {
            redis.execute(Command.PUBLISH, to, ackId + " " + instance).subscribe().with(
                    sent -> { },
                    failure -> LOG.debugf("Cannot acknowledge revocation %s: %s", ackId, failure.getMessage()));
        }
    }

    /** An acknowledgement: the id, then the registry instance's name (auth-service sends the id alone). */
    private void acked(String body) {
        int space = body.indexOf(' ');
        String ackId = space < 0 ? body : body.substring(0, space);
        String from = space < 0 ? null : body.substring(space + 1);
        Runnable done = null;
        synchronized (waiters) {
            Acks received = acksOf(ackId).with(from);
            acks.put(ackId, received);
            Waiter waiter = waiters.get(ackId);
            if (waiter != null && received.complete(waiter.subscribers(), waiter.expected())) {
                waiters.remove(ackId);
                done = waiter.done();
            }
        }
        if (done != null) {
            done.run();
        }
    }

    private Acks acksOf(String ackId) {
        Acks received = acks.getIfPresent(ackId);
        return received == null ? Acks.NONE : received;
    }

    private Void unacknowledged(String ackId, int subscribers, Set<String> expected, Duration wait) {
        Acks received = acksOf(ackId);
        // named: every instance heard lately, also one whose subscription was down (it sends heartbeats all the same)
        Set<String> missing = new TreeSet<>(membersHeardWithin(10 * leaseNanos));
        missing.addAll(expected);
        missing.removeAll(received.names());
        LOG.warnf("Revocation acknowledged by %d of %d subscribers within %s; no acknowledgement from %s; answered once "
                        + "their leases had run out, so none of them answers from memory without it",
                received.count(), subscribers, wait,
                missing.isEmpty() ? "subscribers that are not registry instances" : String.join(", ", missing));
        return null;
    }

    /** Other registry instances whose heartbeat was heard within the last {@code nanos}. */
    private Set<String> membersHeardWithin(long nanos) {
        long since = System.nanoTime() - nanos;
        Set<String> recent = new HashSet<>();
        members.forEach((name, heard) -> {
            if (heard - since > 0) {
                recent.add(name);
            }
        });
        return recent;
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
            LOG.warnf("Revocation subscription stalled: no heartbeat came back for %d ms; reconnecting",
                    TimeUnit.NANOSECONDS.toMillis(now - oldest.getValue()));
            dropped(current);
            return;
        }
        long n = beatSequence.incrementAndGet();
        beats.put(n, now);
        beat(n);
    }

    private void beat(long n) {
        redis.execute(Command.PUBLISH, channel, new JsonObject().put("beat", instance).put("n", n).encode())
                .subscribe().with(sent -> { }, failure -> LOG.debugf("Cannot send a heartbeat: %s", failure.getMessage()));
    }

    /** A heartbeat: this instance's own renews the lease to its send time plus the lease; another's, membership. */
    private void heard(String from, Long n) {
        if (!instance.equals(from)) {
            members.put(from, System.nanoTime());
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
    }

    private synchronized void dropped(RedisConnection conn) {
        if (conn != connection) {
            return;
        }
        live = false;
        leaseUntil = System.nanoTime();
        beats.clear();
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

    private void retryLater() {
        long delay = delayMs;
        delayMs = Math.min(delayMs * 2, MAX_RESUBSCRIBE_DELAY_MS);
        vertx.setTimer(delay, id -> subscribe());
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    private record Waiter(int subscribers, Set<String> expected, Runnable done) {
    }

    /** Acknowledgements of one request: how many, and from which registry instances. */
    private record Acks(int count, Set<String> names) {
        static final Acks NONE = new Acks(0, Set.of());

        Acks with(String from) {
            if (from == null) {
                return new Acks(count + 1, names);
            }
            Set<String> more = new HashSet<>(names);
            more.add(from);
            return new Acks(count + 1, Set.copyOf(more));
        }

        boolean complete(int subscribers, Set<String> expected) {
            return count >= subscribers && names.containsAll(expected);
        }
    }
}
