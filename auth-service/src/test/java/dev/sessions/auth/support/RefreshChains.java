package dev.sessions.auth.support;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import io.quarkus.redis.datasource.RedisDataSource;

import dev.sessions.contract.redis.RefreshChainFields;

/** What tests do to a refresh chain in Redis that the clock would otherwise do. */
public final class RefreshChains {

    private RefreshChains() {}

    /**
     * Moves a chain's rotation times into the past: the newest one (the others are kept relative to it), or in a chain
     * written before ADR 20 every link's.
     */
    public static void backdate(RedisDataSource redis, String key, Duration by) {
        String today = redis.hash(String.class).hget(key, RefreshChainFields.ROTATED_AT);
        if (today != null && !redis.hash(String.class).hexists(key, RefreshChainFields.PREVIOUS)) {
            String[] entries = today.split(",", 2);
            String newest = Long.toString(Long.parseLong(entries[0], 36) - by.toMillis(), 36);
            redis.hash(String.class)
                    .hset(key, RefreshChainFields.ROTATED_AT, entries.length == 1 ? newest : newest + "," + entries[1]);
            return;
        }
        long at = System.currentTimeMillis() - by.toMillis();
        String then = Long.toString(at);
        Map<String, String> times = new HashMap<>(Map.of(RefreshChainFields.ROTATED_AT, then));
        for (int n = 1; n <= RefreshChainFields.OLDER_LINKS; n++) {
            String link = redis.hash(String.class).hget(key, RefreshChainFields.older(n));
            if (link != null) {
                times.put(
                        RefreshChainFields.older(n),
                        link.replaceAll(":\\d+$", ":" + then).replaceAll("\\.[0-9a-z]+$", "." + Long.toString(at, 36)));
            }
        }
        String legacy = redis.hash(String.class).hget(key, RefreshChainFields.LEGACY_OLDER);
        if (legacy != null) {
            times.put(RefreshChainFields.LEGACY_OLDER, legacy.replaceAll(":\\d+", ":" + then));
        }
        redis.hash(String.class).hset(key, times);
    }
}
