package dev.sessions.registry.history;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Response;
import org.jboss.logging.Logger;

import dev.sessions.contract.redis.RedisKeys;
import dev.sessions.registry.config.RegistryConfig;

/**
 * This instance's consumer of the outbox stream: its own unacknowledged entries first (PostgreSQL was down), then
 * entries another consumer left unacknowledged for {@code registry.history.claim-idle} (a crashed instance), then new
 * ones; acknowledged and deleted only once stored; entries no version can store kept in the dead-letter stream.
 */
@ApplicationScoped
public class OutboxConsumer {

    private static final Logger LOG = Logger.getLogger(OutboxConsumer.class);

    private final ReactiveRedisDataSource redis;
    private final String consumer;
    private final int batchSize;
    private final String batch;
    private final String claimIdleMillis;
    private final long outboxTtlMillis;

    private volatile boolean groupReady;

    OutboxConsumer(ReactiveRedisDataSource redis, RegistryConfig config) {
        this.redis = redis;
        this.consumer = config.history().consumer().orElse("registry-" + UUID.randomUUID());
        this.batchSize = config.history().batchSize();
        this.batch = Integer.toString(batchSize);
        this.claimIdleMillis = Long.toString(config.history().claimIdle().toMillis());
        this.outboxTtlMillis = config.history().outboxTtl().toMillis();
    }

    /** The most entries one read returns. */
    int batchSize() {
        return batchSize;
    }

    /**
     * History events not stored yet, whoever reads them: stored entries are deleted from the stream, so its length is
     * what waits (one XLEN). The one read behind {@code history_outbox_backlog}.
     */
    public Uni<Long> backlog() {
        return redis.execute(Command.XLEN, RedisKeys.OUTBOX).map(reply -> reply == null ? 0L : reply.toLong());
    }

    /** Creates the consumer group (and the stream) unless done already. */
    Uni<Void> ensureGroup() {
        if (groupReady) {
            return Uni.createFrom().voidItem();
        }
        return redis.execute(Command.XGROUP, "CREATE", RedisKeys.OUTBOX, RedisKeys.OUTBOX_GROUP, "0", "MKSTREAM")
                .onFailure(f -> f.getMessage() != null && f.getMessage().startsWith("BUSYGROUP"))
                .recoverWithNull()
                .chain(ignored ->
                        redis.execute(Command.PEXPIRE, RedisKeys.OUTBOX, Long.toString(outboxTtlMillis), "NX"))
                .invoke(() -> groupReady = true)
                .replaceWithVoid();
    }

    /** A failure of a read or an acknowledgement: the group is created again when Redis lost it. */
    void failed(Throwable failure) {
        if (failure.getMessage() != null && failure.getMessage().startsWith("NOGROUP")) {
            groupReady = false;
        }
    }

    /** Entries delivered to this consumer and not acknowledged yet. */
    Uni<List<Entry>> pending() {
        return readGroup("0");
    }

    /** Entries another consumer left unacknowledged too long, now this one's. */
    Uni<List<Entry>> claim() {
        return redis.execute(
                        Command.XAUTOCLAIM,
                        RedisKeys.OUTBOX,
                        RedisKeys.OUTBOX_GROUP,
                        consumer,
                        claimIdleMillis,
                        "0-0",
                        "COUNT",
                        batch)
                .map(reply -> reply == null || reply.size() < 2 ? List.of() : entries(reply.get(1)));
    }

    /** Entries never delivered to any consumer. */
    Uni<List<Entry>> fresh() {
        return readGroup(">");
    }

    /** Acknowledges and deletes stored entries. */
    Uni<Void> acknowledge(List<Entry> entries) {
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

    /** Keeps an entry this version cannot store in the dead-letter stream (with the outbox's TTL), with a warning. */
    Uni<Void> deadLetter(Entry entry, String why) {
        if (entry.fields().isEmpty()) {
            // deleted from the stream after it was read: nothing left to keep
            return Uni.createFrom().voidItem();
        }
        LOG.warnf(
                "Outbox entry %s is not a history event this version stores (%s); moved to %s",
                entry.id(), why, RedisKeys.OUTBOX_DEAD_LETTERS);
        List<String> args = new ArrayList<>();
        args.add(RedisKeys.OUTBOX_DEAD_LETTERS);
        args.add("*");
        entry.fields().forEach((name, value) -> {
            args.add(name);
            args.add(value);
        });
        return redis.execute(Command.XADD, args.toArray(String[]::new))
                .chain(ignored ->
                        redis.execute(Command.PEXPIRE, RedisKeys.OUTBOX_DEAD_LETTERS, Long.toString(outboxTtlMillis)))
                .replaceWithVoid();
    }

    private Uni<List<Entry>> readGroup(String from) {
        return redis.execute(
                        Command.XREADGROUP,
                        "GROUP",
                        RedisKeys.OUTBOX_GROUP,
                        consumer,
                        "COUNT",
                        batch,
                        "STREAMS",
                        RedisKeys.OUTBOX,
                        from)
                .map(reply -> {
                    if (reply == null || reply.size() == 0) {
                        return List.of();
                    }
                    return entries(reply.get(0).get(1));
                });
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

    /** A stream entry: its id and fields (empty when the entry was deleted). */
    record Entry(String id, Map<String, String> fields) {}
}
