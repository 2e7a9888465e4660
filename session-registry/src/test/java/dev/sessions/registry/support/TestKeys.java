package dev.sessions.registry.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/** The test signing keys under src/test/resources/keys, read from their PEM contents. */
public enum TestKeys {
    RSA("rsa-signing", "RSA", "test-rsa-1"),
    EC("ec-signing", "EC", "test-ec-1"),
    ROTATED("rsa-rotated", "RSA", "test-rsa-2");

    private final PrivateKey privateKey;
    private final PublicKey publicKey;
    private final String publicPem;
    private final String kid;

    TestKeys(String name, String algorithm, String kid) {
        this.kid = kid;
        try {
            KeyFactory factory = KeyFactory.getInstance(algorithm);
            this.privateKey = factory.generatePrivate(new PKCS8EncodedKeySpec(der(pem(name + ".pem"))));
            this.publicPem = pem(name + ".pub.pem");
            this.publicKey = factory.generatePublic(new X509EncodedKeySpec(der(publicPem)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public PrivateKey privateKey() {
        return privateKey;
    }

    public PublicKey publicKey() {
        return publicKey;
    }

    /** The public key's PEM text, as an attacker who read the JWK Set would have it. */
    public String publicPem() {
        return publicPem;
    }

    public String kid() {
        return kid;
    }

    private static String pem(String file) {
        try (InputStream in = TestKeys.class.getResourceAsStream("/keys/" + file)) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] der(String pem) {
        String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return Base64.getDecoder().decode(base64);
    }
}
