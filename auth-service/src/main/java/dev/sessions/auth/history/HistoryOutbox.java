package dev.sessions.auth.history;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;

import dev.sessions.contract.history.ActorType;
import dev.sessions.contract.history.OutboxEntry;
import dev.sessions.contract.redis.LuaScript;
import dev.sessions.contract.redis.RedisKeys;

/**
 * Appends history events to the registry's outbox stream ({@code history:outbox}), from which its writer moves them
 * into PostgreSQL; the answer waits for the append, so an acknowledged event is never lost.
 */
@ApplicationScoped
public class HistoryOutbox {

    private static final LuaScript APPEND = LuaScript.load("outbox_append");
    private static final Duration TTL = Duration.parse(OutboxEntry.STREAM_TTL);
    private static final int MAX_USER_AGENT = 1024;

    private final ReactiveRedisDataSource redis;

    HistoryOutbox(ReactiveRedisDataSource redis) {
        this.redis = redis;
    }

    /** Appends the event (actor: the user) and renews the stream's TTL, in one step. */
    public Uni<Void> append(HistoryEvent event) {
        return append(event, ActorType.USER, event.userId());
    }

    /** Appends the event made by this actor (id null for SYSTEM), renewing the stream's TTL. */
    public Uni<Void> append(HistoryEvent event, ActorType actorType, String actorId) {
        String userAgent =
                event.userAgent() != null && event.userAgent().length() <= MAX_USER_AGENT ? event.userAgent() : null;
        OutboxEntry entry = OutboxEntry.of(
                event.type(), event.at(), event.userId(), event.sessionId(), actorType, actorId, event.ip(), userAgent);
        List<String> args = new ArrayList<>();
        args.add(Long.toString(TTL.toSeconds()));
        args.addAll(entry.fields());
        return APPEND.run(redis, List.of(RedisKeys.OUTBOX), args).replaceWithVoid();
    }
}
