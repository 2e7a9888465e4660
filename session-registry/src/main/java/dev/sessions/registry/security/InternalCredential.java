package dev.sessions.registry.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.Startup;
import org.jboss.logging.Logger;

import dev.sessions.contract.http.BearerToken;

/**
 * The internal credential, compared in constant time. Production refuses to start without one; dev and test mode
 * make one up, never logged (logs travel further than secrets may): set {@code INTERNAL_API_TOKEN} to call the internal
 * endpoints yourself.
 */
@Startup
@ApplicationScoped
public class InternalCredential {

    private static final Logger LOG = Logger.getLogger(InternalCredential.class);
    private static final int MIN_LENGTH = 16;

    private final byte[] expectedDigest;

    InternalCredential(InternalApiConfig config) {
        String token = config.apiToken().filter(t -> !t.isBlank()).orElse(null);
        if (token == null) {
            if (LaunchMode.current() == LaunchMode.NORMAL) {
                throw new IllegalStateException(
                        "internal.api-token (INTERNAL_API_TOKEN) is not set: refusing to start");
            }
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            token = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            LOG.warnf(
                    "internal.api-token is not set; generated a random one for %s mode (not shown: set INTERNAL_API_TOKEN "
                            + "to call the internal endpoints)",
                    LaunchMode.current().getProfileKey());
        } else if (token.length() < MIN_LENGTH) {
            throw new IllegalStateException("internal.api-token must have at least " + MIN_LENGTH + " characters");
        }
        this.expectedDigest = digest(token);
    }

    /** Whether an {@code Authorization} header carries the internal credential. */
    public boolean accepts(String authorizationHeader) {
        String presented = BearerToken.from(authorizationHeader);
        // compare digests so that the time taken tells nothing about the secret's length or content
        return presented != null && MessageDigest.isEqual(expectedDigest, digest(presented));
    }

    private static byte[] digest(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
