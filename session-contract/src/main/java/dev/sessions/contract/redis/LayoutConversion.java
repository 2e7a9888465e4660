package dev.sessions.contract.redis;

import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.sortedset.ScoredValue;
import io.vertx.mutiny.redis.client.Response;

import dev.sessions.contract.history.OutboxEntry;

/**
 * The one-time conversion of the keys ADR 4's layout left in Redis into the bucketed layout of ADR 14 (ADR 15), run by
 * {@code ./stack migrate-redis [--dry-run]} while the services are stopped. It converts in place, on the Redis both
 * layouts share (standalone or a Sentinel master: ADR 4's layout never ran on a cluster), key by key, writing the new
 * key before it deletes the old one, so that a run that stops half-way is finished by running it again, and a run that
 * finds no old key changes nothing. Converted sessions keep their old id after their user's bucket
 * ({@link RedisKeys#convertedSessionId}); a refresh chain also gets the alias its old cookie needs. TTLs are carried
 * over as absolute expiry times. The old key names are spelled here and nowhere else: this class reads ADR 4's keys,
 * {@link RedisKeys} builds today's.
 */
public final class LayoutConversion {

    private static final String OLD_SESSION = "sess:{u:";
    private static final String OLD_USER_SESSIONS = "usess:{u:";
    private static final String OLD_SESSION_OWNERS = "sidx:";
    private static final String OLD_EXPIRY_INDEX = "sess:expiry";
    private static final String OLD_REVOKED = "revoked:";
    private static final String OLD_REVOKED_INDEX = "revoked:index";
    private static final String OLD_OUTBOX = "history:outbox";
    private static final String OLD_OUTBOX_DEAD_LETTERS = "history:outbox:dead";
    private static final String OLD_ACCOUNT = "acct:{u:";
    private static final String OLD_SIGN_INS = "signins:{u:";
    private static final String OLD_REFRESH_CHAIN = "rt:{s:";
    private static final String OLD_LOGIN_FAILURES_ACCOUNT = "login:fail:acct:";
    private static final String OLD_LOGIN_FAILURES_ADDRESS = "login:fail:addr:";
    private static final String PENDING = ":pending";
    /** Keys whose names did not change: with a key prefix they move under it. */
    private static final List<String> UNCHANGED =
            List.of("register:addr:", "reset:addr:", "reset:email:", "mfa:challenge:");

    private static final int BATCH = 500;
    /** Writes a hash and its expiry in one step, so that a stop in between cannot leave it without a TTL. */
    private static final String WRITE_WITH_EXPIRY =
            "redis.call('HSET', KEYS[1], unpack(ARGV, 2)) redis.call('PEXPIREAT', KEYS[1], ARGV[1]) return 1";

    private final RedisDataSource redis;
    private final RedisKeys keys;
    private final Function<Collection<String>, Map<String, String>> historyOwners;
    private final Consumer<String> out;
    private final long now;

    private boolean dryRun;
    private final Map<String, Integer> counts = new LinkedHashMap<>();
    private final Map<String, String> owners = new HashMap<>();
    private final Set<String> outboxGroups = new HashSet<>();

    /**
     * @param historyOwners the users of session ids (the history in PostgreSQL) for denylist entries whose session is
     *        gone from Redis; an id it does not know is left out of its answer
     * @param out where each line of the report goes
     * @param now the current time (epoch ms): keys that lapse before it are not carried over
     */
    public LayoutConversion(
            RedisDataSource redis,
            RedisKeys keys,
            Function<Collection<String>, Map<String, String>> historyOwners,
            Consumer<String> out,
            long now) {
        this.redis = redis;
        this.keys = keys;
        this.historyOwners = historyOwners;
        this.out = out;
        this.now = now;
    }

    /**
     * Converts every key of ADR 4's layout, or with {@code dryRun} only reports what it would convert; returns how many
     * keys of each kind it converted (or would convert), in the order it reports them.
     */
    public Map<String, Integer> run(boolean dryRun) {
        this.dryRun = dryRun;
        counts.clear();
        out.accept((dryRun ? "Dry run: nothing is written. " : "")
                + "Converting the keys of ADR 4's layout into the bucketed layout (key prefix '" + keys.prefix()
                + "')");
        readOwners();
        outbox();
        renameAll(OLD_ACCOUNT, "accounts", key -> keys.account(userOfTag(key, OLD_ACCOUNT)));
        renameAll(OLD_SIGN_INS, "sign-in histories", key -> keys.signIns(userOfTag(key, OLD_SIGN_INS)));
        sessions();
        userIndexes();
        expiryIndex();
        denylist();
        refreshChains();
        throttles();
        ownerIndexes();
        long total = counts.values().stream().mapToLong(Integer::longValue).sum();
        counts.forEach((kind, count) -> out.accept(
                String.format("%-28s %d %s", kind + ":", count, dryRun ? "would be converted" : "converted")));
        out.accept(total == 0 ? "Nothing to convert: no key of ADR 4's layout is left." : "Done.");
        return Map.copyOf(counts);
    }

    /** Who owns each old session id: the owner index, the session keys' names, the outbox's entries. */
    private void readOwners() {
        for (String bucket : scan(OLD_SESSION_OWNERS + "*")) {
            owners.putAll(redis.hash(String.class).hgetall(bucket));
        }
        for (String key : scan(OLD_SESSION + "*")) {
            owners.put(sessionOfKey(key), userOfTag(key, OLD_SESSION));
        }
        for (Map<String, String> entry : entries(OLD_OUTBOX)) {
            String sid = entry.get(OutboxEntry.SESSION_ID);
            String uid = entry.get(OutboxEntry.USER_ID);
            if (sid != null && uid != null) {
                owners.putIfAbsent(sid, uid);
            }
        }
    }

    /**
     * Every entry still in the old outbox goes to its user's bucket's stream, session ids converted; the drain writes an
     * event once however often it is appended (its id is the history row's key), so a run repeated after a stop
     * half-way loses nothing and writes nothing twice.
     */
    private void outbox() {
        for (Map<String, String> entry : entries(OLD_OUTBOX)) {
            String uid = entry.get(OutboxEntry.USER_ID);
            if (uid == null) {
                append(keys.outboxDeadLetters(), entry);
                continue;
            }
            String sid = entry.get(OutboxEntry.SESSION_ID);
            if (sid != null) {
                entry.put(OutboxEntry.SESSION_ID, RedisKeys.sessionIdOfToken(uid, sid));
            }
            String stream = keys.outbox(RedisKeys.bucketOfUser(uid));
            if (!dryRun && outboxGroups.add(stream)) {
                createGroup(stream);
            }
            append(stream, entry);
            count("outbox entries");
        }
        delete(OLD_OUTBOX);
        for (Map<String, String> entry : entries(OLD_OUTBOX_DEAD_LETTERS)) {
            append(keys.outboxDeadLetters(), entry);
            count("dead letters");
        }
        delete(OLD_OUTBOX_DEAD_LETTERS);
    }

    private void sessions() {
        for (String key : scan(OLD_SESSION + "*")) {
            String uid = userOfTag(key, OLD_SESSION);
            String sid = RedisKeys.convertedSessionId(uid, sessionOfKey(key));
            if (!dryRun) {
                // today's hash names its user, which the old one had in its key's name only
                call("HSET", key, "u", uid);
            }
            move(key, keys.session(sid), "sessions");
        }
    }

    private void userIndexes() {
        for (String key : scan(OLD_USER_SESSIONS + "*")) {
            String uid = userOfTag(key, OLD_USER_SESSIONS);
            List<String> args = new ArrayList<>();
            for (ScoredValue<String> member : scored(key)) {
                args.add(score(member));
                args.add(RedisKeys.sessionIdOfToken(uid, member.value()));
            }
            moveSortedSet(key, keys.userSessions(uid), args, "user indexes");
        }
    }

    private void expiryIndex() {
        Map<String, List<String>> byBucket = new LinkedHashMap<>();
        for (ScoredValue<String> member : scored(OLD_EXPIRY_INDEX)) {
            String uid = owners.get(member.value());
            if (uid == null) {
                // its session and owner entry lapsed: the old sweeper would only have removed the member
                count("expiry entries dropped (session gone)");
                continue;
            }
            List<String> args = byBucket.computeIfAbsent(RedisKeys.bucketOfUser(uid), b -> new ArrayList<>());
            args.add(score(member));
            args.add(RedisKeys.sessionIdOfToken(uid, member.value()));
            count("expiry entries");
        }
        long expiry = expiryTime(OLD_EXPIRY_INDEX);
        byBucket.forEach((bucket, args) -> addTo(keys.expiryIndex(bucket), args, expiry));
        delete(OLD_EXPIRY_INDEX);
    }

    private void denylist() {
        List<String> entries = new ArrayList<>();
        for (String key : scan(OLD_REVOKED + "*")) {
            if (!key.equals(OLD_REVOKED_INDEX)) {
                entries.add(key);
            }
        }
        Set<String> unknown = new HashSet<>();
        for (String key : entries) {
            String sid = key.substring(OLD_REVOKED.length());
            if (!owners.containsKey(sid)) {
                unknown.add(sid);
            }
        }
        if (!unknown.isEmpty()) {
            owners.putAll(historyOwners.apply(unknown));
        }
        for (String key : entries) {
            String sid = key.substring(OLD_REVOKED.length());
            String uid = owners.get(sid);
            long expiry = expiryTime(key);
            if (uid == null || expiry < 0) {
                // no user to find its bucket by: its session is gone, so its tokens are refused without it
                count("denylist entries dropped (owner unknown)");
                delete(key);
                continue;
            }
            String converted = RedisKeys.convertedSessionId(uid, sid);
            move(key, keys.revoked(converted), "denylist entries");
            addTo(keys.revokedIndex(RedisKeys.bucketOfUser(uid)), List.of(Long.toString(expiry), converted), expiry);
        }
        delete(OLD_REVOKED_INDEX);
    }

    /**
     * Chains move to the converted id in today's format ({@link RefreshChainFields}: short names, base64url hashes, no
     * empty fields), written with their expiry in one step; a chain already there is newer and wins.
     */
    private void refreshChains() {
        for (String key : scan(OLD_REFRESH_CHAIN + "*")) {
            String sid = key.substring(OLD_REFRESH_CHAIN.length(), key.length() - 1);
            Map<String, String> old = redis.hash(String.class).hgetall(key);
            String uid = old.get("uid");
            long expiry = expiryTime(key);
            if (uid == null || expiry < 0) {
                count("refresh chains dropped (no user or no expiry)");
                delete(key);
                continue;
            }
            String converted = RedisKeys.convertedSessionId(uid, sid);
            String target = keys.refreshChain(converted);
            count("refresh chains");
            if (dryRun) {
                example("refresh chains", key + " -> " + target);
                continue;
            }
            String maxExp = old.get("maxExp");
            if (maxExp != null && Long.parseLong(maxExp) > now) {
                // written first: a cookie of the old form finds the chain through it once the chain has moved
                call("SET", keys.legacySessionAlias(sid), converted, "PXAT", maxExp);
            }
            if (call("EXISTS", target).toLong() == 0) {
                List<String> args = new ArrayList<>(List.of(WRITE_WITH_EXPIRY, "1", target, Long.toString(expiry)));
                chainFields(old).forEach((name, value) -> {
                    args.add(name);
                    args.add(value);
                });
                call("EVAL", args.toArray(String[]::new));
            }
            call("DEL", key);
        }
    }

    /** A chain of ADR 4's format in today's. */
    static Map<String, String> chainFields(Map<String, String> old) {
        Map<String, String> chain = new LinkedHashMap<>();
        chain.put(RefreshChainFields.USER, old.get("uid"));
        chain.put(RefreshChainFields.EMAIL, old.getOrDefault("email", ""));
        chain.put(RefreshChainFields.NAME, old.getOrDefault("name", ""));
        chain.put(RefreshChainFields.ROLES, old.getOrDefault("roles", ""));
        chain.put(RefreshChainFields.CREATED_AT, old.getOrDefault("createdAt", "0"));
        chain.put(RefreshChainFields.MAX_EXPIRES_AT, old.getOrDefault("maxExp", "0"));
        chain.put(RefreshChainFields.CURRENT, base64url(old.getOrDefault("cur", "")));
        if ("1".equals(old.get("remember"))) {
            chain.put(RefreshChainFields.REMEMBER, "1");
        }
        if ("1".equals(old.get("mfa"))) {
            chain.put(RefreshChainFields.MFA, "1");
        }
        String prev = old.getOrDefault("prev", "");
        if (!prev.isEmpty()) {
            chain.put(RefreshChainFields.PREVIOUS, RefreshChainFields.kept(base64url(prev)));
            chain.put(RefreshChainFields.ROTATED_AT, old.getOrDefault("rotatedAt", "0"));
        }
        List<String> older = new ArrayList<>();
        for (String link : old.getOrDefault("older", "").split(" ")) {
            int colon = link.indexOf(':');
            if (colon > 0 && link.substring(colon + 1).matches("\\d{1,18}")) {
                older.add(RefreshChainFields.link(
                        base64url(link.substring(0, colon)), Long.parseLong(link.substring(colon + 1))));
            }
        }
        for (int i = 0; i < Math.min(older.size(), RefreshChainFields.OLDER_LINKS); i++) {
            chain.put(RefreshChainFields.older(i + 1), older.get(i));
        }
        String generation = old.getOrDefault("gen", "0");
        if (!generation.equals("0")) {
            chain.put(RefreshChainFields.GENERATION, generation);
        }
        return chain;
    }

    /** A hex SHA-256 of ADR 4's chains as today's chains store it: the same 32 bytes, base64url. */
    private static String base64url(String hex) {
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(HexFormat.of().parseHex(hex));
    }

    /** A sorted set's members with their scores (typed: the reply's shape differs between RESP2 and RESP3). */
    private List<ScoredValue<String>> scored(String key) {
        return redis.sortedSet(String.class).zrangeWithScores(key, 0, -1);
    }

    private static String score(ScoredValue<String> member) {
        return Long.toString((long) member.score());
    }

    private void throttles() {
        for (String old : List.of(OLD_LOGIN_FAILURES_ACCOUNT, OLD_LOGIN_FAILURES_ADDRESS)) {
            for (String key : scan(old + "*")) {
                if (key.indexOf('{') >= 0) {
                    continue;
                }
                boolean pending = key.endsWith(PENDING);
                String name = key.substring(old.length(), key.length() - (pending ? PENDING.length() : 0));
                String counter = keys.prefix() + old + "{" + name + "}";
                move(key, pending ? RedisKeys.pendingAttempts(counter) : counter, "sign-in throttles");
            }
        }
        if (!keys.prefix().isEmpty()) {
            for (String old : UNCHANGED) {
                for (String key : scan(old + "*")) {
                    move(key, keys.prefix() + key, "counters and challenges");
                }
            }
        }
    }

    /** The owner index is not part of today's layout: a session id carries its bucket. */
    private void ownerIndexes() {
        for (String key : scan(OLD_SESSION_OWNERS + "*")) {
            delete(key);
            count("owner indexes removed");
        }
    }

    private void renameAll(String oldPrefix, String kind, Function<String, String> target) {
        for (String key : scan(oldPrefix + "*")) {
            move(key, target.apply(key), kind);
        }
    }

    /** Renames a key, TTL and all; a key already there is newer (written by today's code) and wins. */
    private void move(String from, String to, String kind) {
        count(kind);
        if (dryRun) {
            example(kind, from + " -> " + to);
            return;
        }
        if (call("RENAMENX", from, to).toLong() == 0) {
            call("DEL", from);
        }
    }

    private void moveSortedSet(String from, String to, List<String> scoredMembers, String kind) {
        count(kind);
        if (dryRun) {
            example(kind, from + " -> " + to);
            return;
        }
        addTo(to, scoredMembers, expiryTime(from));
        call("DEL", from);
    }

    /** Adds score/member pairs to a sorted set whose expiry becomes the later of its own and {@code expiry}. */
    private void addTo(String key, List<String> scoredMembers, long expiry) {
        if (dryRun || scoredMembers.isEmpty()) {
            return;
        }
        for (int i = 0; i < scoredMembers.size(); i += 2 * BATCH) {
            List<String> args = new ArrayList<>();
            args.add(key);
            args.addAll(scoredMembers.subList(i, Math.min(scoredMembers.size(), i + 2 * BATCH)));
            call("ZADD", args.toArray(String[]::new));
        }
        if (expiry > 0 && expiryTime(key) < expiry) {
            call("PEXPIREAT", key, Long.toString(expiry));
        }
    }

    private void append(String stream, Map<String, String> entry) {
        if (dryRun) {
            example("outbox entries", OLD_OUTBOX + " " + entry.get(OutboxEntry.ID) + " -> " + stream);
            return;
        }
        List<String> args = new ArrayList<>();
        args.add(stream);
        args.add("*");
        entry.forEach((name, value) -> {
            args.add(name);
            args.add(value);
        });
        call("XADD", args.toArray(String[]::new));
    }

    private void createGroup(String stream) {
        try {
            call("XGROUP", "CREATE", stream, RedisKeys.OUTBOX_GROUP, "0", "MKSTREAM");
        } catch (RuntimeException e) {
            if (e.getMessage() == null || !e.getMessage().contains("BUSYGROUP")) {
                throw e;
            }
        }
    }

    private void delete(String key) {
        if (!dryRun) {
            call("DEL", key);
        }
    }

    private final Set<String> exampled = new HashSet<>();

    private void example(String kind, String line) {
        if (exampled.add(kind)) {
            out.accept("  e.g. " + line);
        }
    }

    private void count(String kind) {
        counts.merge(kind, 1, Integer::sum);
    }

    /** The key's absolute expiry (epoch ms), -1 without one, -2 when it does not exist. */
    private long expiryTime(String key) {
        return call("PEXPIRETIME", key).toLong();
    }

    private List<Map<String, String>> entries(String stream) {
        List<Map<String, String>> all = new ArrayList<>();
        String start = "-";
        while (true) {
            Response page = call("XRANGE", stream, start, "+", "COUNT", Integer.toString(BATCH));
            if (page == null || page.size() == 0) {
                return all;
            }
            for (Response entry : page) {
                Map<String, String> fields = new LinkedHashMap<>();
                List<String> pairs = strings(entry.get(1));
                for (int i = 0; i + 1 < pairs.size(); i += 2) {
                    fields.put(pairs.get(i), pairs.get(i + 1));
                }
                all.add(fields);
                start = "(" + entry.get(0).toString();
            }
        }
    }

    private List<String> scan(String pattern) {
        List<String> found = new ArrayList<>();
        String cursor = "0";
        do {
            Response page = call("SCAN", cursor, "MATCH", pattern, "COUNT", "1000");
            cursor = page.get(0).toString();
            found.addAll(strings(page.get(1)));
        } while (!cursor.equals("0"));
        return found;
    }

    private Response call(String command, String... args) {
        return redis.execute(command, args);
    }

    private static List<String> strings(Response response) {
        List<String> values = new ArrayList<>();
        if (response != null) {
            for (Response item : response) {
                values.add(item.toString());
            }
        }
        return values;
    }

    /** The user id inside the tag {@code {u:<uid>}} of an old key that begins with {@code prefix}. */
    private static String userOfTag(String key, String prefix) {
        return key.substring(prefix.length(), key.indexOf('}', prefix.length()));
    }

    /** The session id after the tag of an old session key {@code sess:{u:<uid>}:<sid>}. */
    private static String sessionOfKey(String key) {
        return key.substring(key.indexOf("}:", OLD_SESSION.length()) + 2);
    }
}
