package dev.sessions.registry.history;

import dev.sessions.registry.config.RegistryConfig;
import dev.sessions.registry.device.Device;
import dev.sessions.registry.device.DeviceResolver;
import dev.sessions.registry.geo.Location;
import dev.sessions.registry.geo.LocationResolver;
import dev.sessions.registry.redis.RedisKeys;
import dev.sessions.registry.redis.SessionFields;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * Drains the outbox stream into PostgreSQL: reads with a consumer group, inserts idempotently, and acknowledges only
 * after the commit. Its own unacknowledged entries are retried first (PostgreSQL was down); entries another consumer
 * left unacknowledged for {@code registry.history.claim-idle} (a crashed instance) are taken over.
 */
@ApplicationScoped
public class OutboxDrain {

    private static final Logger LOG = Logger.getLogger(OutboxDrain.class);
    private static final Set<String> TYPES = Set.of("SIGNED_IN", "SIGNED_OUT", "REVOKED", "EXPIRED", "SIGN_IN_FAILED",
            "PASSWORD_CHANGED", "ADDRESS_CHANGED", "ACCOUNT_DEACTIVATED", "ACCOUNT_REACTIVATED");
    private static final Set<String> ACTORS = Set.of("USER", "ADMIN", "SYSTEM");

    private final ReactiveRedisDataSource redis;
    private final HistoryStore store;
    private final DeviceResolver devices;
    private final LocationResolver locations;
    private final String consumer;
    private final int batchSize;
    private final String batch;
    private final String claimIdleMillis;
    private final long outboxTtlMillis;

    private volatile boolean groupReady;
    private volatile boolean failing;

    OutboxDrain(ReactiveRedisDataSource redis, HistoryStore store, DeviceResolver devices, LocationResolver locations,
                RegistryConfig config) {
        this.redis = redis;
        this.store = store;
        this.devices = devices;
        this.locations = locations;
        this.consumer = config.history().consumer().orElse("registry-" + UUID.randomUUID());
        this.batchSize = config.history().batchSize();
        this.batch = Integer.toString(batchSize);
        this.claimIdleMillis = Long.toString(config.history().claimIdle().toMillis());
        this.outboxTtlMillis = config.history().outboxTtl().toMillis();
    }

    @Scheduled(every = "${registry.history.poll-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> drain() {
        return ensureGroup()
                .chain(ignored -> drainAll())
                .invoke(() -> {
                    if (failing) {
                        failing = false;
                        LOG.info("History outbox drains into PostgreSQL again");
                    }
                })
                .onFailure().recoverWithUni(this::onFailure);
    }

    private Uni<Void> drainAll() {
        return drainOnce().chain(more -> more ? drainAll() : Uni.createFrom().voidItem());
    }

    /** One batch; true when there may be more right away. */
    private Uni<Boolean> drainOnce() {
        return readGroup("0").chain(own -> {
            if (!own.isEmpty()) {
                return store(own).replaceWith(true);
            }
            return claim().chain(claimed -> {
                if (!claimed.isEmpty()) {
                    return store(claimed).replaceWith(true);
                }
                return readGroup(">").chain(fresh -> store(fresh).replaceWith(fresh.size() == batchSize));
            });
        });
    }

    private Uni<List<Entry>> readGroup(String from) {
        return redis.execute(Command.XREADGROUP, "GROUP", RedisKeys.OUTBOX_GROUP, consumer, "COUNT", batch,
                "STREAMS", RedisKeys.OUTBOX, from).map(reply -> {
                    if (reply == null || reply.size() == 0) {
                        return List.of();
                    }
                    return entries(reply.get(0).get(1));
                });
    }

    private Uni<List<Entry>> claim() {
        return redis.execute(Command.XAUTOCLAIM, RedisKeys.OUTBOX, RedisKeys.OUTBOX_GROUP, consumer, claimIdleMillis,
                "0-0", "COUNT", batch).map(reply -> reply == null || reply.size() < 2 ? List.of() : entries(reply.get(1)));
    }

    private Uni<Void> store(List<Entry> entries) {
        if (entries.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Multi.createFrom().iterable(entries)
                .onItem().transformToUniAndConcatenate(this::toEvent)
                .collect().asList()
                .chain(events -> store.insertAll(events.stream().filter(Objects::nonNull).toList()))
                .chain(ignored -> acknowledge(entries));
    }

    private Uni<Void> acknowledge(List<Entry> entries) {
        List<String> ack = new ArrayList<>(entries.size() + 2);
        ack.add(RedisKeys.OUTBOX);
        ack.add(RedisKeys.OUTBOX_GROUP);
        List<String> del = new ArrayList<>(entries.size() + 1);
        del.add(RedisKeys.OUTBOX);
        for (Entry entry : entries) {
            ack.add(entry.id());
            del.add(entry.id());
        }
        return redis.execute(Command.XACK, ack.toArray(String[]::new))
                .chain(ignored -> redis.execute(Command.XDEL, del.toArray(String[]::new)))
                .replaceWithVoid();
    }

    /** The event of an entry, or null for an entry that is not one (it is acknowledged and dropped). */
    private Uni<HistoryEvent> toEvent(Entry entry) {
        Map<String, String> f = entry.fields();
        String type = f.get("type");
        String userId = f.get("userId");
        String actorType = f.get("actorType");
        Instant at = parseInstant(f.get("at"));
        if (f.isEmpty() || !TYPES.contains(type) || userId == null || userId.isBlank() || at == null
                || !ACTORS.contains(actorType)) {
            LOG.warnf("Outbox entry %s is not a history event; dropped", entry.id());
            return Uni.createFrom().nullItem();
        }
        UUID id = parseId(f.get("id"), entry.id());
        String ip = blankToNull(f.get("ip"));
        Location located = SessionFields.location(f);
        Location location = located != null ? located : locations.locate(ip).orElse(null);
        Device known = SessionFields.device(f);
        Uni<Device> device = known != null ? Uni.createFrom().item(known)
                : f.containsKey("ua") ? devices.resolve(f.get("ua")) : Uni.createFrom().nullItem();
        return device.map(d -> new HistoryEvent(id, userId, blankToNull(f.get("sessionId")), type,
                blankToNull(f.get("reason")), at, actorType, blankToNull(f.get("actorId")), ip, location, d));
    }

    private Uni<Boolean> ensureGroup() {
        if (groupReady) {
            return Uni.createFrom().item(true);
        }
        return redis.execute(Command.XGROUP, "CREATE", RedisKeys.OUTBOX, RedisKeys.OUTBOX_GROUP, "0", "MKSTREAM")
                .onFailure(f -> f.getMessage() != null && f.getMessage().startsWith("BUSYGROUP"))
                .recoverWithNull()
                .chain(ignored -> redis.execute(Command.PEXPIRE, RedisKeys.OUTBOX, Long.toString(outboxTtlMillis), "NX"))
                .map(ignored -> groupReady = true);
    }

    private Uni<Void> onFailure(Throwable failure) {
        if (failure.getMessage() != null && failure.getMessage().startsWith("NOGROUP")) {
            groupReady = false;
        }
        if (!failing) {
            failing = true;
            LOG.warnf("History outbox cannot drain (%s); events wait in Redis and are retried", failure.getMessage());
        }
        return Uni.createFrom().voidItem();
    }

    private static List<Entry> entries(Response list) {
        List<Entry> entries = new ArrayList<>();
        if (list == null) {
            return entries;
        }
        for (Response item : list) {
            if (item == null || item.size() == 0) {
                continue;
            }
            Map<String, String> fields = new HashMap<>();
            Response values = item.size() > 1 ? item.get(1) : null;
            if (values != null) {
                for (int i = 0; i + 1 < values.size(); i += 2) {
                    fields.put(values.get(i).toString(), values.get(i + 1).toString(StandardCharsets.UTF_8));
                }
            }
            entries.add(new Entry(item.get(0).toString(), fields));
        }
        return entries;
    }

    private static UUID parseId(String id, String streamId) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException | NullPointerException e) {
            // a writer that sent no usable id still gets exactly-once storage: the stream entry id is stable
            return UUID.nameUUIDFromBytes(("outbox:" + streamId).getBytes(StandardCharsets.UTF_8));
        }
    }

    private static Instant parseInstant(String millis) {
        try {
            return Instant.ofEpochMilli(Long.parseLong(millis));
        } catch (NumberFormatException | NullPointerException e) {
            return null;
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    /** A stream entry: its id and fields (empty when the entry was deleted). */
    private record Entry(String id, Map<String, String> fields) {
    }
}
