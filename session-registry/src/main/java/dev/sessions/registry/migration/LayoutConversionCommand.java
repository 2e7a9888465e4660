package dev.sessions.registry.migration;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.redis.datasource.RedisDataSource;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import org.jboss.logging.Logger;

import dev.sessions.contract.redis.LayoutConversion;
import dev.sessions.contract.redis.RedisKeys;

/**
 * {@code migrate-redis [--dry-run]}: converts the keys of ADR 4's layout with this registry's Redis, key prefix and
 * PostgreSQL (ADR 15), then gives the history rows of converted sessions their new id, so that a session's history
 * keeps one id. Prints what it does (or, with {@code --dry-run}, would do) on standard output; exit code 0 when done.
 */
@ApplicationScoped
public class LayoutConversionCommand {

    private static final Logger LOG = Logger.getLogger(LayoutConversionCommand.class);
    static final String DRY_RUN = "--dry-run";

    private static final String OWNERS =
            "SELECT DISTINCT session_id, user_id FROM registry.history_event WHERE session_id = ANY($1)";
    private static final String LEGACY_ROWS =
            "SELECT DISTINCT user_id, session_id FROM registry.history_event WHERE length(session_id) = "
                    + RedisKeys.LEGACY_SESSION_ID_LENGTH;
    private static final String RENAME =
            "UPDATE registry.history_event SET session_id = $1 WHERE user_id = $2 AND session_id = $3";

    private final RedisDataSource redis;
    private final RedisKeys keys;
    private final Pool pool;
    private final Clock clock;

    LayoutConversionCommand(RedisDataSource redis, RedisKeys keys, Pool pool, Clock clock) {
        this.redis = redis;
        this.keys = keys;
        this.pool = pool;
        this.clock = clock;
    }

    /** Runs the command with the arguments after the program's name; returns the exit code. */
    public int run(String... args) {
        boolean dryRun = List.of(args).contains(DRY_RUN);
        try {
            new LayoutConversion(redis, keys, this::historyOwners, System.out::println, clock.millis()).run(dryRun);
            renameHistory(dryRun);
            return 0;
        } catch (RuntimeException e) {
            LOG.error("The conversion stopped; running it again continues where it stopped", e);
            return 1;
        }
    }

    /** The users of session ids that the history knows. */
    Map<String, String> historyOwners(Collection<String> sessionIds) {
        Map<String, String> owners = new HashMap<>();
        for (Row row : pool.preparedQuery(OWNERS)
                .execute(Tuple.of(sessionIds.toArray(String[]::new)))
                .await()
                .indefinitely()) {
            owners.put(row.getString("session_id"), row.getString("user_id"));
        }
        return owners;
    }

    /** History rows of sessions with an old id get the id the conversion gave the session. */
    void renameHistory(boolean dryRun) {
        List<Tuple> renames = new ArrayList<>();
        for (Row row : pool.query(LEGACY_ROWS).execute().await().indefinitely()) {
            String uid = row.getString("user_id");
            String sid = row.getString("session_id");
            if (RedisKeys.isLegacySessionId(sid)) {
                renames.add(Tuple.of(RedisKeys.convertedSessionId(uid, sid), uid, sid));
            }
        }
        if (!dryRun && !renames.isEmpty()) {
            pool.preparedQuery(RENAME).executeBatch(renames).await().indefinitely();
        }
        System.out.printf(
                "%-28s %d %s%n",
                "history sessions:", renames.size(), dryRun ? "would get their new id" : "got their new id");
    }
}
