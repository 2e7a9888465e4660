package dev.sessions.auth.user;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Response;

import dev.sessions.contract.redis.LuaScript;
import dev.sessions.contract.redis.RedisKeys;

/**
 * Account state where the session steps can see it (ADR 6): the hash {@code acct:{u:<uid>}} holds the account's epoch
 * ({@code v}, absent = 0), an "off" marker while it is deactivated and its roles cached for one epoch. Every admin
 * change moves the epoch on before it answers; the registry's open script refuses an "off" account or an epoch other
 * than the one read with the account, its refresh script refuses an "off" account, and a refresh takes its roles from
 * the cache of the current epoch (the database when there is none). The key has no TTL: it is account state, like
 * the row, and must outlive every session and every sign-in in flight; letting it lapse would reset the epoch, so a
 * sign-in holding an old epoch could pass again. One small hash per account.
 */
@ApplicationScoped
public class AccountStates {

    private static final LuaScript CHANGE = LuaScript.load("account_change");
    private static final LuaScript CACHE = LuaScript.load("account_cache");

    private final ReactiveRedisDataSource redis;
    private final RedisKeys keys;
    private final UserService users;

    AccountStates(ReactiveRedisDataSource redis, RedisKeys keys, UserService users) {
        this.redis = redis;
        this.keys = keys;
        this.users = users;
    }

    /** An account's state: its epoch, whether it is marked off, and its roles when cached for this epoch (else null). */
    public record AccountState(long epoch, boolean off, List<String> roles) {}

    /** The account's key. */
    public String key(String userId) {
        return keys.account(userId);
    }

    /** The current state. */
    public Uni<AccountState> read(String userId) {
        return redis.execute(Command.HMGET, key(userId), "v", "off", "roles", "rv")
                .map(AccountStates::state);
    }

    /**
     * The roles of an account that may keep its sessions, as of now: from the cache of the current epoch, else from
     * the database (then cached for the epoch read before it); empty when the account is deactivated or gone.
     */
    public Uni<Optional<List<String>>> activeRoles(String userId) {
        return read(userId).chain(state -> {
            if (state.off()) {
                return Uni.createFrom().item(Optional.<List<String>>empty());
            }
            if (state.roles() != null) {
                return Uni.createFrom().item(Optional.of(state.roles()));
            }
            return users.findById(UUID.fromString(userId))
                    .chain(user -> user == null || !user.isActive()
                            ? Uni.createFrom().item(Optional.<List<String>>empty())
                            : remember(userId, state.epoch(), user.roles)
                                    .replaceWith(Optional.of(List.copyOf(user.roles))));
        });
    }

    /** Marks the account deactivated and moves its epoch on; the new epoch. */
    public Uni<Long> deactivated(String userId) {
        return change(userId, true, List.of());
    }

    /** Moves the account's epoch on with its new status and roles; the new epoch. */
    public Uni<Long> change(String userId, boolean off, List<String> roles) {
        return CHANGE.run(redis, List.of(key(userId)), List.of(off ? "1" : "0", String.join(",", roles)))
                .map(Response::toLong);
    }

    /** Caches roles read from the database with {@code epoch}, unless the account changed since or has roles cached. */
    public Uni<Void> remember(String userId, long epoch, List<String> roles) {
        return CACHE.run(redis, List.of(key(userId)), List.of(Long.toString(epoch), String.join(",", roles)))
                .replaceWithVoid();
    }

    private static AccountState state(Response reply) {
        String epoch = text(reply.get(0));
        boolean off = "1".equals(text(reply.get(1)));
        String roles = text(reply.get(2));
        String rolesEpoch = text(reply.get(3));
        long current = epoch == null ? 0 : Long.parseLong(epoch);
        List<String> cached = roles != null && rolesEpoch != null && Long.parseLong(rolesEpoch) == current
                ? Arrays.stream(roles.split(","))
                        .filter(role -> !role.isEmpty())
                        .toList()
                : null;
        return new AccountState(current, off, cached);
    }

    private static String text(Response value) {
        return value == null ? null : value.toString();
    }
}
