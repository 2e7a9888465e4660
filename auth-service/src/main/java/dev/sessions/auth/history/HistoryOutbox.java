package dev.sessions.auth.history;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;

import dev.sessions.contract.history.ActorType;
import dev.sessions.contract.history.OutboxEntry;
import dev.sessions.contract.redis.LuaScript;
import dev.sessions.contract.redis.RedisKeys;

/**
 * Appends history events to the registry's outbox stream of the user's bucket ({@code ob:{b}}), from which its writer moves them
 * into PostgreSQL; the answer waits for the append, so an acknowledged event is never lost.
 */
@ApplicationScoped
public class HistoryOutbox {

    private static final LuaScript APPEND = LuaScript.load("outbox_append");
    private static final int MAX_USER_AGENT = 1024;

    private final ReactiveRedisDataSource redis;
    private final RedisKeys keys;

    HistoryOutbox(ReactiveRedisDataSource redis, RedisKeys keys) {
        this.redis = redis;
        this.keys = keys;
    }

    /** Appends the event (actor: the user) to the outbox of the user's bucket. */
    public Uni<Void> append(HistoryEvent event) {
        return append(event, ActorType.USER, event.userId());
    }

    /**
     * Appends the event made by this actor (id null for SYSTEM) to the outbox of its user's bucket; an event of nobody
     * known (a failed sign-in with an unknown email) goes to the bucket of its own id.
     */
    public Uni<Void> append(HistoryEvent event, ActorType actorType, String actorId) {
        String userAgent =
                event.userAgent() != null && event.userAgent().length() <= MAX_USER_AGENT ? event.userAgent() : null;
        OutboxEntry entry = OutboxEntry.of(
                event.type(), event.at(), event.userId(), event.sessionId(), actorType, actorId, event.ip(), userAgent);
        String bucket = RedisKeys.bucketOfUser(event.userId() != null ? event.userId() : entry.id());
        return APPEND.run(redis, List.of(keys.outbox(bucket)), entry.fields()).replaceWithVoid();
    }
}
