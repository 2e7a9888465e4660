package dev.sessions.registry.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.runtime.Startup;

import dev.sessions.registry.config.RegistryConfig;

/**
 * The clients allowed to call {@code /introspect} ({@code registry.introspection.clients}), authenticated with HTTP
 * Basic as RFC 7662 §2.1 asks. Their credentials are checked here only, so they open no other endpoint. A malformed
 * list stops the start, as a missing internal credential does.
 */
@Startup
@ApplicationScoped
public class IntrospectionClients {

    // URL-safe, so that the form-encoding of RFC 6749 §2.3.1 leaves them as they are
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._~-]{1,64}");
    private static final Pattern SECRET = Pattern.compile("[A-Za-z0-9._~-]{16,256}");

    private final List<byte[]> digests = new ArrayList<>();

    IntrospectionClients(RegistryConfig config) {
        Set<String> names = new HashSet<>();
        for (String entry : config.introspection().clients().orElse(List.of())) {
            String pair = entry.strip();
            int colon = pair.indexOf(':');
            String name = colon < 0 ? pair : pair.substring(0, colon);
            String secret = colon < 0 ? "" : pair.substring(colon + 1);
            if (!NAME.matcher(name).matches() || !SECRET.matcher(secret).matches()) {
                throw new IllegalStateException("registry.introspection.clients: each entry must be name:secret, of "
                        + "A-Z a-z 0-9 . _ ~ -, the secret at least 16 characters (entry of '" + name + "' is not)");
            }
            if (!names.add(name)) {
                throw new IllegalStateException("registry.introspection.clients: '" + name + "' is listed twice");
            }
            digests.add(digest(name + ":" + secret));
        }
    }

    /** Whether an {@code Authorization} header carries the Basic credentials of a configured client. */
    public boolean accepts(String authorizationHeader) {
        if (authorizationHeader == null
                || authorizationHeader.length() < 6
                || !authorizationHeader.substring(0, 6).toLowerCase(Locale.ROOT).equals("basic ")) {
            return false;
        }
        byte[] presented;
        try {
            presented =
                    Base64.getDecoder().decode(authorizationHeader.substring(6).strip());
        } catch (IllegalArgumentException e) {
            return false;
        }
        byte[] digest = digest(new String(presented, StandardCharsets.UTF_8));
        // every entry is compared, so that the time taken tells neither which client nor how much matched
        boolean accepted = false;
        for (byte[] expected : digests) {
            accepted |= MessageDigest.isEqual(expected, digest);
        }
        return accepted;
    }

    private static byte[] digest(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
