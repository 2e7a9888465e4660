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

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The revocation denylist as each instance sees it. While the pub/sub subscription is up and the index has been
 * loaded, answers come from memory (no I/O on the request path). When the subscription drops, every answer goes to
 * Redis until the instance has subscribed again and reloaded the index, so a revocation announced while nobody
 * listened is never missed. When Redis cannot answer either, the answer is "undecidable" (503), never "not revoked".
 * Every instance acknowledges revocations on the asking instance's own channel ({@code <channel>:acks:<uuid>}) once it
 * has applied them, which is what lets a revocation answer only when every instance refuses the session.
 */
@ApplicationScoped
public class Denylist {

    private static final Logger LOG = Logger.getLogger(Denylist.class);
    private static final long MAX_RESUBSCRIBE_DELAY_MS = 30_000;

    private final Map<String, Long> nearCache = new ConcurrentHashMap<>();
    private final Map<String, Waiter> waiters = new HashMap<>();
    // acknowledgements may come back before the script's own reply has been read: they are counted until claimed
    private final Cache<String, Integer> acks = Caffeine.newBuilder().expireAfterWrite(Duration.ofSeconds(10)).build();
    private final ReactiveRedisDataSource redis;
    private final String redisUrl;
    private final Vertx vertx;
    private final String channel;
    private final String ackPrefix;
    private final String ackChannel;
    private final long firstDelayMs;
    private final String connectionName;

    private volatile boolean live;
    private volatile boolean stopped;
    private volatile RedisConnection connection;
    private volatile Redis client;
    private long delayMs;

    Denylist(ReactiveRedisDataSource redis, Vertx vertx, RegistryConfig config,
             @ConfigProperty(name = "quarkus.redis.hosts") List<String> redisHosts,
             @ConfigProperty(name = "quarkus.http.port") int httpPort) {
        this.redis = redis;
        this.redisUrl = redisHosts.get(0);
        this.vertx = vertx;
        this.channel = config.revocation().channel();
        this.ackPrefix = channel + ":acks:";
        this.ackChannel = ackPrefix + UUID.randomUUID();
        this.firstDelayMs = Math.max(50, config.revocation().resubscribeDelay().toMillis());
        this.delayMs = firstDelayMs;
        this.connectionName = "registry-revocations-" + httpPort;
    }

    void start(@Observes StartupEvent event) {
        subscribe();
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
        if (live) {
            return Uni.createFrom().item(Boolean.FALSE);
        }
        return redis.execute(Command.EXISTS, RedisKeys.revoked(sessionId))
                .map(r -> r != null && r.toInteger() == 1)
                .onFailure().transform(f -> new DecisionUnavailableException("the denylist is unreachable", f));
    }

    /** Whether answers currently come from the near-cache (subscribed and loaded). */
    public boolean isLive() {
        return live;
    }

    /**
     * Completes once {@code subscribers} acknowledgements of {@code ackId} have come back on this instance's
     * acknowledgement channel, or after {@code wait}. A subscriber acknowledges after it has applied every revocation
     * announced before the request, so once all have, no instance still accepts the revoked sessions.
     */
    Uni<Void> acknowledged(String ackId, int subscribers, Duration wait) {
        if (ackId.isEmpty() || subscribers <= 0) {
            return Uni.createFrom().voidItem();
        }
        return Uni.createFrom().<Void>emitter(emitter -> {
            synchronized (waiters) {
                if (ackCount(ackId) >= subscribers) {
                    emitter.complete(null);
                    return;
                }
                waiters.put(ackId, new Waiter(subscribers, () -> emitter.complete(null)));
            }
        }).ifNoItem().after(wait).recoverWithItem(() -> unacknowledged(ackId, subscribers, wait))
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
        long now = System.currentTimeMillis();
        nearCache.values().removeIf(lapse -> lapse <= now);
    }

    private boolean revokedInMemory(String sessionId) {
        Long lapse = nearCache.get(sessionId);
        return lapse != null && lapse > System.currentTimeMillis();
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
                .flatMap(this::listen)
                .flatMap(conn -> reload())
                .subscribe().with(loaded -> {
                    live = true;
                    delayMs = firstDelayMs;
                    LOG.infof("Revocation near-cache live on channel %s (%d entries loaded)", channel, loaded);
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
                .flatMap(ignored -> conn.send(Request.cmd(Command.SUBSCRIBE).arg(channel)))
                .flatMap(ignored -> conn.send(Request.cmd(Command.SUBSCRIBE).arg(ackChannel)))
                .replaceWith(conn);
    }

    private Uni<Integer> reload() {
        long now = System.currentTimeMillis();
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
            acked(ackId);
        } else if (to != null && to.startsWith(ackPrefix)) {
            redis.execute(Command.PUBLISH, to, ackId).subscribe().with(
                    sent -> { },
                    failure -> LOG.debugf("Cannot acknowledge revocation %s: %s", ackId, failure.getMessage()));
        }
    }

    private void acked(String ackId) {
        Runnable done = null;
        synchronized (waiters) {
            int count = ackCount(ackId) + 1;
            acks.put(ackId, count);
            Waiter waiter = waiters.get(ackId);
            if (waiter != null && count >= waiter.subscribers()) {
                waiters.remove(ackId);
                done = waiter.done();
            }
        }
        if (done != null) {
            done.run();
        }
    }

    private int ackCount(String ackId) {
        Integer count = acks.getIfPresent(ackId);
        return count == null ? 0 : count;
    }

    private Void unacknowledged(String ackId, int subscribers, Duration wait) {
        LOG.warnf("Revocation acknowledged by %d of %d subscribers within %s; answering anyway",
                ackCount(ackId), subscribers, wait);
        return null;
    }

    private synchronized void dropped(RedisConnection conn) {
        if (conn != connection) {
            return;
        }
        live = false;
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

    private record Waiter(int subscribers, Runnable done) {
    }
}
