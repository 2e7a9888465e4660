package dev.sessions.auth.history;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.sessions.auth.config.RedisScript;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;

/**
 * Appends history events to the registry's outbox stream ({@code history:outbox}), from which its writer moves them
 * into PostgreSQL; the answer waits for the append, so an acknowledged event is never lost.
 */
@ApplicationScoped
public class HistoryOutbox {

    /** The outbox stream shared with session-registry. */
    public static final String STREAM = "history:outbox";

    private static final RedisScript APPEND = RedisScript.load("outbox-append");
    private static final Duration TTL = Duration.ofDays(7);
    private static final int MAX_USER_AGENT = 1024;

    private final ReactiveRedisDataSource redis;

    HistoryOutbox(ReactiveRedisDataSource redis) {
        this.redis = redis;
    }

    /** Appends the event (actor: the user) and renews the stream's TTL, in one step. */
    public Uni<Void> append(HistoryEvent event) {
        return append(event, "USER", event.userId());
    }

    /** Appends the event made by this actor (USER, ADMIN or SYSTEM; id null for SYSTEM), renewing the stream's TTL. */
    public Uni<Void> append(HistoryEvent event, String actorType, String actorId) {
        List<String> args = new ArrayList<>();
        args.add(Long.toString(TTL.toSeconds()));
        field(args, "id", UUID.randomUUID().toString());
        field(args, "type", event.type());
        field(args, "at", Long.toString(event.at().toEpochMilli()));
        field(args, "userId", event.userId());
        field(args, "sessionId", event.sessionId());
        field(args, "actorType", actorType);
        field(args, "actorId", actorId);
        field(args, "ip", event.ip());
        if (event.userAgent() != null && event.userAgent().length() <= MAX_USER_AGENT) {
            field(args, "ua", event.userAgent());
        }
        return APPEND.run(redis, List.of(STREAM), args).replaceWithVoid();
    }

    private static void field(List<String> args, String name, String value) {
        if (value != null) {
            args.add(name);
            args.add(value);
        }
    }
}
