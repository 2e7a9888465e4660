package dev.sessions.contract.redis;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.zip.CRC32;

import dev.sessions.contract.address.AddressBlock;

/**
 * Every Redis key of both services, built in one place (ADR 14). Everything of one user lives in the user's bucket, one
 * of {@link #BUCKETS} fixed hash tags {@code {<bucket>}}, and every index and outbox is one key per bucket, so that
 * every script touches one hash slot of a Redis Cluster. A session id carries its bucket as its first two characters,
 * so that a session is found from its id alone. A prefix, outside the hash tag, keeps deployments (and test runs) that
 * share one Redis apart. The scripts build no key: their callers pass every key they touch, and a test of this module
 * checks that no script spells one.
 */
public final class RedisKeys {

    /**
     * The least a bucket's expiry index {@code exp:{b}} is kept after a write: longer than any session lives, so that
     * an index is never dropped under sessions it still lists (each write also keeps it past its latest deadline).
     */
    public static final Duration EXPIRY_INDEX_TTL = Duration.ofDays(40);

    /** How many buckets the keys are spread over: fixed, since a session id carries its bucket. */
    public static final int BUCKETS = 1024;
    /** Consumer group of the outbox drain, on every outbox stream. */
    public static final String OUTBOX_GROUP = "history-writer";

    private static final String SESSION = "s:";
    private static final String USER_SESSIONS = "us:";
    private static final String EXPIRY_INDEX = "exp:";
    private static final String REVOKED = "rv:";
    private static final String REVOKED_INDEX = "rvx:";
    private static final String OUTBOX = "ob:";
    private static final String OUTBOX_DEAD_LETTERS = "obd";
    private static final String ACCOUNT = "a:";
    private static final String SIGN_INS = "si:";
    private static final String REFRESH_CHAIN = "rt:";
    private static final String LEGACY_SESSION_ALIAS = "sa:";
    private static final String LOGIN_FAILURES_ACCOUNT = "login:fail:acct:";
    private static final String LOGIN_FAILURES_ADDRESS = "login:fail:addr:";
    private static final String REGISTRATIONS_ADDRESS = "register:addr:";
    private static final String RESETS_ADDRESS = "reset:addr:";
    private static final String RESETS_EMAIL = "reset:email:";
    private static final String MFA_CHALLENGE = "mfa:challenge:";
    private static final String PENDING = ":pending";
    private static final String NO_ADDRESS = "unknown";

    /** The beginning of every key either service writes, after the prefix. */
    public static final List<String> PREFIXES = List.of(
            SESSION,
            USER_SESSIONS,
            EXPIRY_INDEX,
            REVOKED,
            REVOKED_INDEX,
            OUTBOX,
            OUTBOX_DEAD_LETTERS,
            ACCOUNT,
            SIGN_INS,
            REFRESH_CHAIN,
            LEGACY_SESSION_ALIAS,
            LOGIN_FAILURES_ACCOUNT,
            LOGIN_FAILURES_ADDRESS,
            REGISTRATIONS_ADDRESS,
            RESETS_ADDRESS,
            RESETS_EMAIL,
            MFA_CHALLENGE);

    /** The characters of a bucket code: base64url, so that a session id is base64url throughout. */
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    /** A bucket code is two characters: the first of the first 16 (1,024 = 16 × 64), the second any of the 64. */
    private static final int CODE_LENGTH = 2;
    /** Random bytes of a session id after its bucket: 128 bits. */
    private static final int SESSION_RANDOM_BYTES = 16;
    /** Length of a session id: its bucket and 22 characters of base64url (128 bits). */
    public static final int SESSION_ID_LENGTH = CODE_LENGTH + 22;
    /** Length of a session id of ADR 4's layout: 22 characters of base64url (128 bits), no bucket. */
    public static final int LEGACY_SESSION_ID_LENGTH = 22;

    /** Where a key of an unknown session id points: nothing is ever stored there. */
    private static final String NO_BUCKET = "AA";

    private static final List<String> ALL_BUCKETS;

    static {
        List<String> all = new ArrayList<>(BUCKETS);
        for (int i = 0; i < BUCKETS; i++) {
            all.add(code(i));
        }
        ALL_BUCKETS = List.copyOf(all);
    }

    private final String prefix;

    /** Keys under {@code prefix} (may be empty), which goes before every key, outside its hash tag. */
    public RedisKeys(String prefix) {
        if (prefix == null || prefix.indexOf('{') >= 0 || prefix.indexOf('}') >= 0) {
            throw new IllegalArgumentException("a key prefix must not hold a hash tag: " + prefix);
        }
        this.prefix = prefix;
    }

    /** The prefix before every key (empty: none). */
    public String prefix() {
        return prefix;
    }

    /** Every bucket, in order. */
    public static List<String> buckets() {
        return ALL_BUCKETS;
    }

    /** The bucket of a user: CRC-32 of the user id modulo {@link #BUCKETS}. */
    public static String bucketOfUser(String userId) {
        CRC32 crc = new CRC32();
        crc.update(userId.getBytes(StandardCharsets.UTF_8));
        return code((int) (crc.getValue() % BUCKETS));
    }

    /** The bucket a session id carries, or a bucket where nothing is stored when the id is not one this builds. */
    public static String bucketOfSession(String sessionId) {
        return carriesBucket(sessionId) ? sessionId.substring(0, CODE_LENGTH) : NO_BUCKET;
    }

    /**
     * Whether a session id is in the bucket of a user, as every session of theirs is: a user of another bucket never
     * owns the session, and the keys of the two would be of different slots.
     */
    public static boolean inBucketOf(String userId, String sessionId) {
        return bucketOfUser(userId).equals(bucketOfSession(sessionId));
    }

    /** Whether a session id is of the form {@link #newSessionId} makes: its bucket, then 128 bits of base64url. */
    public static boolean carriesBucket(String sessionId) {
        if (sessionId == null || sessionId.length() != SESSION_ID_LENGTH) {
            return false;
        }
        int first = ALPHABET.indexOf(sessionId.charAt(0));
        return first >= 0 && first < BUCKETS / ALPHABET.length() && ALPHABET.indexOf(sessionId.charAt(1)) >= 0;
    }

    /** A new session id of a user: the user's bucket, then 128 random bits (base64url). */
    public static String newSessionId(String userId, SecureRandom random) {
        byte[] bytes = new byte[SESSION_RANDOM_BYTES];
        random.nextBytes(bytes);
        return bucketOfUser(userId) + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /**
     * The id a session of ADR 4's layout (22 characters, no bucket) has once {@code ./stack migrate-redis} converted
     * it: its user's bucket, then the old id (ADR 15). Tokens and cookies issued before the conversion still carry the
     * old id: an access token names the user ({@code sub}), which gives the bucket; a refresh cookie does not, and finds
     * the new id through {@link #legacySessionAlias}.
     */
    public static String convertedSessionId(String userId, String legacySessionId) {
        return bucketOfUser(userId) + legacySessionId;
    }

    /**
     * The session id an access token names, as the stores know it: its {@code sid} claim, or for a token issued before
     * the conversion of ADR 4's layout (a {@code sid} of {@link #LEGACY_SESSION_ID_LENGTH} characters) the converted
     * id, from its {@code sub}.
     */
    public static String sessionIdOfToken(String userId, String sid) {
        return isLegacySessionId(sid) ? convertedSessionId(userId, sid) : sid;
    }

    /** Whether a session id is of ADR 4's form: 22 characters of base64url, no bucket. */
    public static boolean isLegacySessionId(String sessionId) {
        if (sessionId == null || sessionId.length() != LEGACY_SESSION_ID_LENGTH) {
            return false;
        }
        for (int i = 0; i < sessionId.length(); i++) {
            if (ALPHABET.indexOf(sessionId.charAt(i)) < 0) {
                return false;
            }
        }
        return true;
    }

    private static String code(int bucket) {
        return "" + ALPHABET.charAt(bucket / ALPHABET.length()) + ALPHABET.charAt(bucket % ALPHABET.length());
    }

    private String inBucket(String kind, String bucket) {
        return prefix + kind + "{" + bucket + "}";
    }

    /** A live session's hash (field {@code u}: its user). */
    public String session(String sessionId) {
        return sessionKeyStem(bucketOfSession(sessionId)) + sessionId;
    }

    /**
     * What the key of every session of a bucket starts with: the stem followed by a session id carrying that bucket is
     * the session's key ({@link #session}). The listing script reads the sessions its user's index names with it, in
     * the index's slot (ADR 18).
     */
    public String sessionKeyStem(String bucket) {
        return inBucket(SESSION, bucket) + ":";
    }

    /** A user's live session ids, scored by last activity. */
    public String userSessions(String userId) {
        return inBucket(USER_SESSIONS, bucketOfUser(userId)) + ":" + userId;
    }

    /** A bucket's expiry index: members are sids, score = deadline (epoch ms). */
    public String expiryIndex(String bucket) {
        return inBucket(EXPIRY_INDEX, bucket);
    }

    /** A revoked session's denylist entry (its reason). */
    public String revoked(String sessionId) {
        return inBucket(REVOKED, bucketOfSession(sessionId)) + ":" + sessionId;
    }

    /** A bucket's denylist index: revoked sids, score = when the entry lapses (epoch ms). */
    public String revokedIndex(String bucket) {
        return inBucket(REVOKED_INDEX, bucket);
    }

    /** A bucket's outbox stream of history events waiting for PostgreSQL; it has no TTL (that could drop events). */
    public String outbox(String bucket) {
        return inBucket(OUTBOX, bucket);
    }

    /** Outbox entries the drain could not read as history events, kept for a person to look at. */
    public String outboxDeadLetters() {
        return prefix + OUTBOX_DEAD_LETTERS;
    }

    /**
     * An account's state as auth-service last set it: {@code v} its epoch (absent: 0), {@code off} "1" while it is
     * deactivated, {@code roles} cached for epoch {@code rv}. Opening and refreshing a session check it.
     */
    public String account(String userId) {
        return inBucket(ACCOUNT, bucketOfUser(userId)) + ":" + userId;
    }

    /**
     * A user's recent sign-ins as the sign-in flags need them (registry): a hash of {@code d/<device family>} and
     * {@code c/<country code>} → last seen (epoch ms), {@code at} → last sign-in, {@code loc} → {@code lat,lon,at} of
     * the last sign-in with coordinates.
     */
    public String signIns(String userId) {
        return inBucket(SIGN_INS, bucketOfUser(userId)) + ":" + userId;
    }

    /** The refresh chain of a session (auth-service), in the session's bucket so that its revocation drops it. */
    public String refreshChain(String sessionId) {
        return inBucket(REFRESH_CHAIN, bucketOfSession(sessionId)) + ":" + sessionId;
    }

    /**
     * Where a refresh cookie issued before the conversion of ADR 4's layout finds its session: the converted id
     * ({@link #convertedSessionId}), kept until the chain's absolute expiry (ADR 15). Read alone, so it needs no tag.
     */
    public String legacySessionAlias(String legacySessionId) {
        return prefix + LEGACY_SESSION_ALIAS + legacySessionId;
    }

    /**
     * The counter of an account's failed sign-ins, by the SHA-256 of its lower-case email (auth-service); a hash tag
     * of its own keeps its attempts in flight ({@link #pendingAttempts}) in its slot.
     */
    public String loginFailuresOfAccount(String email) {
        return prefix + LOGIN_FAILURES_ACCOUNT + "{" + sha256(email.trim().toLowerCase(Locale.ROOT)) + "}";
    }

    /** The counter of failed sign-ins from a client address's block (auth-service), tagged as the account's. */
    public String loginFailuresOfAddress(String address) {
        return prefix + LOGIN_FAILURES_ADDRESS + "{" + block(address) + "}";
    }

    /** The sign-in attempts in flight on one of the failure counters (auth-service), in the counter's slot. */
    public static String pendingAttempts(String failuresKey) {
        return failuresKey + PENDING;
    }

    /** The counter of registrations from a client address's block (auth-service). */
    public String registrationsOfAddress(String address) {
        return prefix + REGISTRATIONS_ADDRESS + block(address);
    }

    /** The counter of password-reset requests from a client address's block (auth-service). */
    public String passwordResetsOfAddress(String address) {
        return prefix + RESETS_ADDRESS + block(address);
    }

    /** The counter of password-reset requests for an email, by the SHA-256 of it in lower case (auth-service). */
    public String passwordResetsOfEmail(String email) {
        return prefix + RESETS_EMAIL + sha256(email.trim().toLowerCase(Locale.ROOT));
    }

    /**
     * A sign-in waiting for its second factor, by the SHA-256 of its {@code mfaToken} (auth-service): the token itself
     * is never stored.
     */
    public String mfaChallenge(String tokenHash) {
        return prefix + MFA_CHALLENGE + tokenHash;
    }

    private static String block(String address) {
        return address == null ? NO_ADDRESS : AddressBlock.of(address);
    }

    private static String sha256(String value) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
