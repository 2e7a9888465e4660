package dev.sessions.auth.session;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import dev.sessions.auth.config.Secrets;

/**
 * The refresh chain's arithmetic: each successor secret is {@code HMAC-SHA256(auth.refresh.secret, previous)}, so
 * tabs racing with one token all get the same successor, and an old token can be told from a forged one by walking
 * forward. Only SHA-256 hashes of secrets are stored.
 */
@Singleton
public class RefreshChain {

    /** The longest walk from an old token to the current one; beyond it a token counts as forged. */
    static final int MAX_WALK = 100_000;

    private final SecretKeySpec key;
    private final ThreadLocal<Mac> macs;

    @Inject
    RefreshChain(Secrets secrets) {
        this(secrets.refreshKey());
    }

    /** A chain keyed with these bytes. */
    public RefreshChain(byte[] key) {
        this.key = new SecretKeySpec(key, "HmacSHA256");
        this.macs = ThreadLocal.withInitial(this::newMac);
    }

    /** The token that follows this one. */
    public RefreshToken successor(RefreshToken token) {
        return new RefreshToken(token.sessionId(), macs.get().doFinal(token.secret()));
    }

    /** Hex SHA-256 of the token's secret, the only form in which secrets are stored. */
    public static String hash(RefreshToken token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.secret()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Whether the token is an earlier link of the chain whose latest hashes are {@code current} and {@code previous}
     * after {@code generations} rotations: a genuine but already rotated token.
     */
    public boolean isEarlierLink(RefreshToken token, String current, String previous, long generations) {
        long steps = Math.min(Math.max(generations, 0) + 1, MAX_WALK);
        RefreshToken link = token;
        if (matches(link, previous)) {
            return true;
        }
        for (long i = 0; i < steps; i++) {
            link = successor(link);
            if (matches(link, previous) || matches(link, current)) {
                return true;
            }
        }
        return false;
    }

    private static boolean matches(RefreshToken token, String storedHash) {
        return storedHash != null && !storedHash.isEmpty()
                && MessageDigest.isEqual(hash(token).getBytes(), storedHash.getBytes());
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
