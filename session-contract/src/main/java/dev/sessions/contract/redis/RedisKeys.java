package dev.sessions.contract.redis;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

import dev.sessions.contract.address.AddressBlock;

/**
 * Every Redis key of both services, built in one place; the Lua scripts build the same names, and a test of this
 * module checks every prefix they spell against {@link #PREFIXES}. Keys of one user carry the hash tag
 * {@code {u:<userId>}}, keys of one refresh chain {@code {s:<sessionId>}}.
 */
public final class RedisKeys {

    /** Expiry index: members are sids, score = deadline (epoch ms). */
    public static final String EXPIRY_INDEX = "sess:expiry";
    /** Denylist index: revoked sids, score = when the entry lapses (epoch ms). */
    public static final String REVOKED_INDEX = "revoked:index";
    /** Outbox stream of history events waiting for PostgreSQL. */
    public static final String OUTBOX = "history:outbox";
    /** Outbox entries the drain could not read as history events, kept for a person to look at. */
    public static final String OUTBOX_DEAD_LETTERS = "history:outbox:dead";
    /** Consumer group of the outbox drain. */
    public static final String OUTBOX_GROUP = "history-writer";

    private static final String SESSION = "sess:";
    private static final String USER_SESSIONS = "usess:";
    private static final String SESSION_OWNERS = "sidx:";
    private static final String ACCOUNT = "acct:";
    private static final String REVOKED = "revoked:";
    private static final String SIGN_INS = "signins:";
    private static final String REFRESH_CHAIN = "rt:";
    private static final String LOGIN_FAILURES_ACCOUNT = "login:fail:acct:";
    private static final String LOGIN_FAILURES_ADDRESS = "login:fail:addr:";
    private static final String REGISTRATIONS_ADDRESS = "register:addr:";
    private static final String RESETS_ADDRESS = "reset:addr:";
    private static final String RESETS_EMAIL = "reset:email:";
    private static final String MFA_CHALLENGE = "mfa:challenge:";
    private static final String PENDING = ":pending";
    private static final String NO_ADDRESS = "unknown";

    /** The prefix of every key either service writes; a script spelling any other fails this module's tests. */
    public static final List<String> PREFIXES = List.of(
            EXPIRY_INDEX,
            REVOKED_INDEX,
            OUTBOX_DEAD_LETTERS,
            OUTBOX,
            SESSION,
            USER_SESSIONS,
            SESSION_OWNERS,
            ACCOUNT,
            REVOKED,
            SIGN_INS,
            REFRESH_CHAIN,
            LOGIN_FAILURES_ACCOUNT,
            LOGIN_FAILURES_ADDRESS,
            REGISTRATIONS_ADDRESS,
            RESETS_ADDRESS,
            RESETS_EMAIL,
            MFA_CHALLENGE);

    private RedisKeys() {}

    /** A live session's hash. */
    public static String session(String userId, String sessionId) {
        return SESSION + userTag(userId) + ":" + sessionId;
    }

    /** A user's live session ids, scored by last activity. */
    public static String userSessions(String userId) {
        return USER_SESSIONS + userTag(userId);
    }

    /**
     * The bucket of session owners holding {@code sessionId}: a hash sid → uid per first two characters of the sid
     * (4,096 buckets), so that an owner entry costs a listpack entry rather than a key of its own.
     */
    public static String sessionOwners(String sessionId) {
        return SESSION_OWNERS + sessionId.substring(0, Math.min(2, sessionId.length()));
    }

    /**
     * An account's state as auth-service last set it: {@code v} its epoch (absent: 0), {@code off} "1" while it is
     * deactivated, {@code roles} cached for epoch {@code rv}. Opening and refreshing a session check it.
     */
    public static String account(String userId) {
        return ACCOUNT + userTag(userId);
    }

    /** A revoked session's denylist entry. */
    public static String revoked(String sessionId) {
        return REVOKED + sessionId;
    }

    /**
     * A user's recent sign-ins as the sign-in flags need them (registry): a hash of {@code d/<device family>} and
     * {@code c/<country code>} → last seen (epoch ms), {@code at} → last sign-in, {@code loc} → {@code lat,lon,at} of
     * the last sign-in with coordinates.
     */
    public static String signIns(String userId) {
        return SIGN_INS + userTag(userId);
    }

    /** The refresh chain of a session (auth-service). */
    public static String refreshChain(String sessionId) {
        return REFRESH_CHAIN + "{s:" + sessionId + "}";
    }

    /** The counter of an account's failed sign-ins, by the SHA-256 of its lower-case email (auth-service). */
    public static String loginFailuresOfAccount(String email) {
        return LOGIN_FAILURES_ACCOUNT + sha256(email.trim().toLowerCase(Locale.ROOT));
    }

    /** The counter of failed sign-ins from a client address's block (auth-service). */
    public static String loginFailuresOfAddress(String address) {
        return LOGIN_FAILURES_ADDRESS + block(address);
    }

    /** The sign-in attempts in flight on one of the failure counters (auth-service). */
    public static String pendingAttempts(String failuresKey) {
        return failuresKey + PENDING;
    }

    /** The counter of registrations from a client address's block (auth-service). */
    public static String registrationsOfAddress(String address) {
        return REGISTRATIONS_ADDRESS + block(address);
    }

    /** The counter of password-reset requests from a client address's block (auth-service). */
    public static String passwordResetsOfAddress(String address) {
        return RESETS_ADDRESS + block(address);
    }

    /** The counter of password-reset requests for an email, by the SHA-256 of it in lower case (auth-service). */
    public static String passwordResetsOfEmail(String email) {
        return RESETS_EMAIL + sha256(email.trim().toLowerCase(Locale.ROOT));
    }

    /**
     * A sign-in waiting for its second factor, by the SHA-256 of its {@code mfaToken} (auth-service): the token itself
     * is never stored.
     */
    public static String mfaChallenge(String tokenHash) {
        return MFA_CHALLENGE + tokenHash;
    }

    private static String userTag(String userId) {
        return "{u:" + userId + "}";
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
