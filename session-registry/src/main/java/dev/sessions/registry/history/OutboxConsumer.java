package dev.sessions.registry.history;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import dev.sessions.contract.redis.LuaScript;
import dev.sessions.contract.redis.RedisKeys;
import dev.sessions.registry.config.RegistryConfig;

/**
 * This instance's consumer of the outbox streams, one per bucket: its own unacknowledged entries first (PostgreSQL
 * was down), then entries another consumer left unacknowledged for {@code registry.history.claim-idle} (a crashed
 * instance), then new ones; acknowledged and deleted only once stored; entries no version can store kept in the
 * dead-letter stream. On standalone Redis one command reads every stream, and one script each creates the group on
 * every stream and counts the backlog (one round trip instead of 1,024 or 2,048: a start and every readiness probe ask
 * for them); on a Redis Cluster, where a command's keys must share a slot, one command per stream, a few at a time.
 */
@ApplicationScoped
public class OutboxConsumer {

    private static final Logger LOG = Logger.getLogger(OutboxConsumer.class);
    /** Commands in flight at once when streams are read one by one. */
    private static final int CONCURRENT_STREAMS = 8;

    private static final LuaScript CREATE_GROUPS = LuaScript.load("outbox_groups");
    private static final LuaScript COUNT_BACKLOG = LuaScript.load("outbox_backlog");

    private final ReactiveRedisDataSource redis;
    private final RedisKeys keys;
    private final String consumer;
    private final int batchSize;
    private final String batch;
    private final String claimIdleMillis;
    private final long outboxTtlMillis;
    private final List<String> streams;
    private final List<List<String>> readGroups;
    private final boolean cluster;

    private volatile boolean groupReady;

    OutboxConsumer(
            ReactiveRedisDataSource redis,
            RedisKeys keys,
            RegistryConfig config,
            @ConfigProperty(name = "quarkus.http.port") int httpPort,
            @ConfigProperty(name = "quarkus.redis.client-type", defaultValue = "standalone") String clientType) {
        this.redis = redis;
        this.keys = keys;
        // the same name after a restart (a container keeps its host name, a pod its name), so that the instance takes
        // back at once what it had read but not stored when it stopped, instead of after claim-idle
        this.consumer = config.history().consumer().orElseGet(() -> hostName() + ":" + httpPort);
        this.batchSize = config.history().batchSize();
        this.batch = Integer.toString(batchSize);
        this.claimIdleMillis = Long.toString(config.history().claimIdle().toMillis());
        this.outboxTtlMillis = config.history().outboxTtl().toMillis();
        this.streams = RedisKeys.buckets().stream().map(keys::outbox).toList();
        this.cluster = "cluster".equalsIgnoreCase(clientType);
        this.readGroups = cluster ? streams.stream().map(List::of).toList() : List.of(streams);
    }

    /** This instance's name in the consumer group. */
    String name() {
        return consumer;
    }

    /** The most entries one read returns from one stream. */
    int batchSize() {
        return batchSize;
    }

    /** Creates the consumer group (and the stream) of every bucket unless done already. */
    Uni<Void> ensureGroup() {
        if (groupReady) {
            return Uni.createFrom().voidItem();
        }
        if (!cluster) {
            return CREATE_GROUPS
                    .run(redis, streams, List.of(RedisKeys.OUTBOX_GROUP))
                    .invoke(() -> groupReady = true)
                    .replaceWithVoid();
        }
        return eachStream(stream -> redis.execute(
                                Command.XGROUP, "CREATE", stream, RedisKeys.OUTBOX_GROUP, "0", "MKSTREAM")
                        .onFailure(f -> f.getMessage() != null && f.getMessage().startsWith("BUSYGROUP"))
                        .recoverWithNull()
                        .replaceWith(List.<Entry>of()))
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
        return readGroups("0");
    }

    /** Entries another consumer left unacknowledged too long, now this one's. */
    Uni<List<Entry>> claim() {
        return eachStream(stream -> redis.execute(
                        Command.XAUTOCLAIM,
                        stream,
                        RedisKeys.OUTBOX_GROUP,
                        consumer,
                        claimIdleMillis,
                        "0-0",
                        "COUNT",
                        batch)
                .map(reply -> reply == null || reply.size() < 2 ? List.of() : entries(stream, reply.get(1))));
    }

    /** Entries never delivered to any consumer. */
    Uni<List<Entry>> fresh() {
        return readGroups(">");
    }

    /** Acknowledges and deletes stored entries, stream by stream. */
    Uni<Void> acknowledge(List<Entry> entries) {
        Map<String, List<String>> byStream = new LinkedHashMap<>();
        entries.forEach(entry ->
                byStream.computeIfAbsent(entry.stream(), s -> new ArrayList<>()).add(entry.id()));
        return Multi.createFrom()
                .iterable(byStream.entrySet())
                .onItem()
                .transformToUni(stream -> acknowledge(stream.getKey(), stream.getValue()))
                .merge(CONCURRENT_STREAMS)
                .collect()
                .last()
                .replaceWithVoid();
    }

    private Uni<Void> acknowledge(String stream, List<String> ids) {
        List<String> ack = new ArrayList<>(ids.size() + 2);
        ack.add(stream);
        ack.add(RedisKeys.OUTBOX_GROUP);
        ack.addAll(ids);
        List<String> del = new ArrayList<>(ids.size() + 1);
        del.add(stream);
        del.addAll(ids);
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
        String deadLetters = keys.outboxDeadLetters();
        LOG.warnf(
                "Outbox entry %s of %s is not a history event this version stores (%s); moved to %s",
                entry.id(), entry.stream(), why, deadLetters);
        List<String> args = new ArrayList<>();
        args.add(deadLetters);
        args.add("*");
        entry.fields().forEach((name, value) -> {
            args.add(name);
            args.add(value);
        });
        return redis.execute(Command.XADD, args.toArray(String[]::new))
                .chain(ignored -> redis.execute(Command.PEXPIRE, deadLetters, Long.toString(outboxTtlMillis)))
                .replaceWithVoid();
    }

    /**
     * How many entries the outbox streams hold (none when a stream does not exist), and how many of them are read but
     * not stored, summed over every bucket's stream.
     */
    public Uni<Backlog> backlog() {
        if (!cluster) {
            return COUNT_BACKLOG
                    .run(redis, streams, List.of(RedisKeys.OUTBOX_GROUP))
                    .map(counts ->
                            new Backlog(counts.get(0).toLong(), counts.get(1).toLong()));
        }
        return Multi.createFrom()
                .iterable(streams)
                .onItem()
                .transformToUni(this::streamBacklog)
                .merge(CONCURRENT_STREAMS)
                .collect()
                .with(Collectors.reducing(
                        new Backlog(0, 0),
                        (a, b) -> new Backlog(a.entries() + b.entries(), a.unacknowledged() + b.unacknowledged())));
    }

    private Uni<Backlog> streamBacklog(String stream) {
        return redis.execute(Command.XLEN, stream)
                .chain(length -> redis.execute(Command.XPENDING, stream, RedisKeys.OUTBOX_GROUP)
                        .onFailure(f -> f.getMessage() != null && f.getMessage().startsWith("NOGROUP"))
                        .recoverWithNull()
                        .map(pending -> new Backlog(
                                length == null ? 0 : length.toLong(),
                                pending == null || pending.size() == 0 || pending.get(0) == null
                                        ? 0
                                        : pending.get(0).toLong())));
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    private Uni<List<Entry>> eachStream(Function<String, Uni<List<Entry>>> command) {
        return Multi.createFrom()
                .iterable(streams)
                .onItem()
                .<List<Entry>>transformToUni(command::apply)
                .merge(CONCURRENT_STREAMS)
                .collect()
                .in(ArrayList<Entry>::new, List::addAll);
    }

    private Uni<List<Entry>> readGroups(String from) {
        return Multi.createFrom()
                .iterable(readGroups)
                .onItem()
                .<List<Entry>>transformToUni(group -> readGroup(group, from))
                .merge(CONCURRENT_STREAMS)
                .collect()
                .in(ArrayList<Entry>::new, List::addAll);
    }

    private Uni<List<Entry>> readGroup(List<String> group, String from) {
        List<String> args = new ArrayList<>(7 + 2 * group.size());
        args.addAll(List.of("GROUP", RedisKeys.OUTBOX_GROUP, consumer, "COUNT", batch, "STREAMS"));
        args.addAll(group);
        group.forEach(stream -> args.add(from));
        return redis.execute(Command.XREADGROUP, args.toArray(String[]::new)).map(reply -> {
            List<Entry> entries = new ArrayList<>();
            if (reply != null) {
                for (Response stream : reply) {
                    entries.addAll(entries(stream.get(0).toString(), stream.get(1)));
                }
            }
            return entries;
        });
    }

    private static List<Entry> entries(String stream, Response list) {
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
            entries.add(new Entry(stream, item.get(0).toString(), fields));
        }
        return entries;
    }

    /** The outbox streams' entries, and those of them delivered to a consumer and not acknowledged yet. */
    public record Backlog(long entries, long unacknowledged) {}

    /** A stream entry: its stream, its id there and its fields (empty when the entry was deleted). */
    record Entry(String stream, String id, Map<String, String> fields) {

        /** What names the entry among every stream's, for an event that carries no id of its own. */
        String identity() {
            return stream + "/" + id;
        }
    }
}
