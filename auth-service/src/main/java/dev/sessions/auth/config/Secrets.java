package dev.sessions.auth.config;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.Startup;
import org.jboss.logging.Logger;

import dev.sessions.auth.token.Pem;

/** The service's secrets: taken from configuration; dev mode generates missing ones and says so, other modes refuse to start. */
@Startup
@ApplicationScoped
public class Secrets {

    private static final Logger LOG = Logger.getLogger(Secrets.class);
    private static final int MIN_REFRESH_KEY_BYTES = 32;
    /** A shared secret shorter than this can be guessed or was typed by hand (./stack generates 64). */
    private static final int MIN_INTERNAL_TOKEN_CHARS = 32;

    private final KeyPair signingKey;
    private final byte[] refreshKey;
    private final String internalApiToken;

    @Inject
    Secrets(AuthConfig config) {
        this(
                config.signing().privateKey(),
                config.refresh().secret(),
                config.internalApiToken(),
                LaunchMode.current() == LaunchMode.DEVELOPMENT);
    }

    /**
     * Resolves the secrets; with {@code generateMissing} a missing one is generated (and logged), otherwise a
     * missing or malformed one stops the start with a message naming the setting.
     */
    public Secrets(
            Optional<String> privateKeyPem,
            Optional<String> refreshSecret,
            Optional<String> internalToken,
            boolean generateMissing) {
        List<String> problems = new ArrayList<>();
        this.signingKey = signingKey(privateKeyPem.filter(s -> !s.isBlank()), generateMissing, problems);
        this.refreshKey = refreshKey(refreshSecret.filter(s -> !s.isBlank()), generateMissing, problems);
        this.internalApiToken = internalToken(internalToken.filter(s -> !s.isBlank()), generateMissing, problems);
        if (!problems.isEmpty()) {
            throw new IllegalStateException("auth-service cannot start: " + String.join("; ", problems));
        }
    }

    /** The key pair access tokens are signed with. */
    public KeyPair signingKey() {
        return signingKey;
    }

    /** The HMAC key of the refresh-token chain. */
    public byte[] refreshKey() {
        return refreshKey.clone();
    }

    /** The shared secret sent to the registry's internal endpoints. */
    public String internalApiToken() {
        return internalApiToken;
    }

    private static KeyPair signingKey(Optional<String> pem, boolean generate, List<String> problems) {
        if (pem.isPresent()) {
            try {
                return Pem.readPrivateKey(pem.get());
            } catch (IllegalArgumentException e) {
                problems.add("auth.signing.private-key (AUTH_SIGNING_PRIVATE_KEY) is unusable: " + e.getMessage());
                return null;
            }
        }
        if (!generate) {
            problems.add("auth.signing.private-key (AUTH_SIGNING_PRIVATE_KEY) is not set: give the PEM content of an "
                    + "Ed25519 PKCS#8 key, e.g. from 'openssl genpkey -algorithm ed25519' (EC P-256 and RSA keys "
                    + "work too)");
            return null;
        }
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
            LOG.warn("auth.signing.private-key is not set: generated a throw-away Ed25519 signing key for dev mode; "
                    + "tokens will not survive a restart");
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate a dev signing key", e);
        }
    }

    private static byte[] refreshKey(Optional<String> secret, boolean generate, List<String> problems) {
        if (secret.isPresent()) {
            byte[] key;
            try {
                key = Base64.getDecoder().decode(secret.get().trim());
            } catch (IllegalArgumentException e) {
                problems.add("auth.refresh.secret (AUTH_REFRESH_SECRET) is not valid base64");
                return null;
            }
            if (key.length < MIN_REFRESH_KEY_BYTES) {
                problems.add("auth.refresh.secret (AUTH_REFRESH_SECRET) must decode to at least 32 bytes");
                return null;
            }
            return key;
        }
        if (!generate) {
            problems.add(
                    "auth.refresh.secret (AUTH_REFRESH_SECRET) is not set: give at least 32 random bytes in base64, "
                            + "e.g. from 'openssl rand -base64 32'");
            return null;
        }
        LOG.warn(
                "auth.refresh.secret is not set: generated a random one for dev mode; refresh cookies will not survive a restart");
        return randomBytes(MIN_REFRESH_KEY_BYTES);
    }

    private static String internalToken(Optional<String> token, boolean generate, List<String> problems) {
        if (token.isPresent()) {
            if (token.get().length() < MIN_INTERNAL_TOKEN_CHARS) {
                problems.add("internal.api-token (INTERNAL_API_TOKEN) must be at least " + MIN_INTERNAL_TOKEN_CHARS
                        + " characters, e.g. from 'openssl rand -base64 32'");
                return null;
            }
            return token.get();
        }
        if (!generate) {
            problems.add(
                    "internal.api-token (INTERNAL_API_TOKEN) is not set: give the secret shared with session-registry");
            return null;
        }
        LOG.warn("internal.api-token is not set: generated a random one for dev mode; give the same value to "
                + "session-registry (INTERNAL_API_TOKEN) or its internal calls will answer 401");
        return Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes(32));
    }

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }
}
