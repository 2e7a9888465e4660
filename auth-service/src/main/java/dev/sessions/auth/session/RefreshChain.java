package dev.sessions.auth.session;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.sessions.auth.config.Secrets;

/**
 * The refresh chain's arithmetic: each successor secret is {@code HMAC-SHA256(auth.refresh.secret, previous)}, so
 * tabs racing with one token all get the same successor, and a tab a few links behind can be handed the current
 * token. Only SHA-256 hashes of secrets are stored.
 */
@ApplicationScoped
public class RefreshChain {

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
        return new RefreshToken(token.sessionId(), token.userId(), macs.get().doFinal(token.secret()));
    }

    /** The token {@code steps} links after this one (at most the few links a chain keeps, so a few microseconds). */
    public RefreshToken successor(RefreshToken token, int steps) {
        RefreshToken link = token;
        for (int i = 0; i < steps; i++) {
            link = successor(link);
        }
        return link;
    }

    /**
     * Base64url SHA-256 of the token's secret (43 characters), the only form in which secrets are stored: shorter than
     * hex, so that a chain stays a small listpack (issue 16), and compared as a whole like any other encoding.
     */
    public static String hash(RefreshToken token) {
        try {
            return Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString(MessageDigest.getInstance("SHA-256").digest(token.secret()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
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
