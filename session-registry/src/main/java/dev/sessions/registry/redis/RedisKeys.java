package dev.sessions.registry.redis;

/** The registry's Redis key names, as agreed in docs/internal-api.md; the Lua scripts build the same names. */
public final class RedisKeys {

    /** Expiry index: members are sids, score = deadline (epoch ms). */
    public static final String EXPIRY_INDEX = "sess:expiry";
    /** Denylist index: revoked sids, score = when the entry lapses (epoch ms). */
    public static final String REVOKED_INDEX = "revoked:index";
    /** Outbox stream of history events waiting for PostgreSQL. */
    public static final String OUTBOX = "history:outbox";
    /** Consumer group of the outbox drain. */
    public static final String OUTBOX_GROUP = "history-writer";

    private RedisKeys() {
    }

    public static String session(String userId, String sessionId) {
        return "sess:{u:" + userId + "}:" + sessionId;
    }

    public static String userSessions(String userId) {
        return "usess:{u:" + userId + "}";
    }

    /**
     * The bucket of session owners holding {@code sessionId}: a hash sid → uid per first two characters of the sid
     * (4,096 buckets), so that an owner entry costs a listpack entry rather than a key of its own.
     */
    public static String sessionOwners(String sessionId) {
        return "sidx:" + sessionId.substring(0, Math.min(2, sessionId.length()));
    }

    /**
     * An account's state as auth-service last set it: {@code v} its epoch (absent: 0), {@code off} "1" while it is
     * deactivated, {@code roles} cached for epoch {@code rv}. Opening and refreshing a session check it.
     */
    public static String account(String userId) {
        return "acct:{u:" + userId + "}";
    }

    public static String revoked(String sessionId) {
        return "revoked:" + sessionId;
    }
}
