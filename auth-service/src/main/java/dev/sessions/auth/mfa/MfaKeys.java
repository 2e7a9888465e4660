package dev.sessions.auth.mfa;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.Startup;
import org.jboss.logging.Logger;

import dev.sessions.auth.config.AuthConfig;

/**
 * The key that protects two-factor secrets at rest ({@code auth.mfa.encryption-key}, 32 bytes in base64): TOTP secrets
 * are stored AES-256-GCM encrypted with the user's id as associated data (a row copied to another account does not
 * decrypt), and recovery codes as an HMAC-SHA256 under a key derived from it (a stolen table alone cannot be searched
 * for codes). Dev mode generates a missing key and says so; other modes refuse to start without one.
 */
@Startup
@ApplicationScoped
public class MfaKeys {

    private static final Logger LOG = Logger.getLogger(MfaKeys.class);
    private static final int KEY_BYTES = 32;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    /** Version prefix of the stored form, so that a later scheme can tell old values apart. */
    private static final String VERSION = "v1:";

    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec encryptionKey;
    private final SecretKeySpec recoveryCodeKey;

    @Inject
    MfaKeys(AuthConfig config) {
        this(config.mfa().encryptionKey(), LaunchMode.current() == LaunchMode.DEVELOPMENT);
    }

    /** Resolves the key; with {@code generateMissing} a missing one is generated (and logged), otherwise it stops the start. */
    public MfaKeys(Optional<String> configured, boolean generateMissing) {
        byte[] key = key(configured.filter(s -> !s.isBlank()), generateMissing);
        this.encryptionKey = new SecretKeySpec(key, "AES");
        this.recoveryCodeKey =
                new SecretKeySpec(hmac(new SecretKeySpec(key, "HmacSHA256"), "recovery-codes"), "HmacSHA256");
    }

    /** The stored form of a TOTP secret of this user: {@code v1:} and base64 of nonce, ciphertext and tag. */
    public String encrypt(byte[] secret, String userId) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, encryptionKey, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(userId.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(secret);
            return VERSION
                    + Base64.getEncoder()
                            .encodeToString(ByteBuffer.allocate(nonce.length + sealed.length)
                                    .put(nonce)
                                    .put(sealed)
                                    .array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot encrypt a TOTP secret", e);
        }
    }

    /** The TOTP secret of a stored value; fails when it was not sealed for this user with this key. */
    public byte[] decrypt(String stored, String userId) {
        if (stored == null || !stored.startsWith(VERSION)) {
            throw new IllegalStateException("unknown form of a stored TOTP secret");
        }
        byte[] sealed = Base64.getDecoder().decode(stored.substring(VERSION.length()));
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, encryptionKey, new GCMParameterSpec(TAG_BITS, sealed, 0, NONCE_BYTES));
            cipher.updateAAD(userId.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("a stored TOTP secret does not decrypt with auth.mfa.encryption-key", e);
        }
    }

    /** The stored form of a recovery code (already normalised): hex HMAC-SHA256 under the derived key. */
    public String recoveryCodeHash(String normalisedCode) {
        return HexFormat.of().formatHex(hmac(recoveryCodeKey, normalisedCode));
    }

    private static byte[] hmac(SecretKeySpec key, String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    private static byte[] key(Optional<String> configured, boolean generate) {
        if (configured.isPresent()) {
            byte[] key;
            try {
                key = Base64.getDecoder().decode(configured.get().trim());
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException(
                        "auth-service cannot start: auth.mfa.encryption-key (AUTH_MFA_ENCRYPTION_KEY) is not valid base64");
            }
            if (key.length != KEY_BYTES) {
                throw new IllegalStateException(
                        "auth-service cannot start: auth.mfa.encryption-key "
                                + "(AUTH_MFA_ENCRYPTION_KEY) must decode to exactly 32 bytes, e.g. from 'openssl rand -base64 32'");
            }
            return key;
        }
        if (!generate) {
            throw new IllegalStateException(
                    "auth-service cannot start: auth.mfa.encryption-key (AUTH_MFA_ENCRYPTION_KEY) "
                            + "is not set: give 32 random bytes in base64, e.g. from 'openssl rand -base64 32'");
        }
        LOG.warn("auth.mfa.encryption-key is not set: generated a random one for dev mode; two-factor secrets and "
                + "recovery codes stored with it stop working after a restart");
        byte[] key = new byte[KEY_BYTES];
        RANDOM.nextBytes(key);
        return key;
    }
}
