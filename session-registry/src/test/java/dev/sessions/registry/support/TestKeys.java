package dev.sessions.registry.support;

import java.security.PrivateKey;
import java.security.PublicKey;

import dev.sessions.testing.PemKeys;

/** The registry's test signing keys (test-fixtures' {@code /keys}), read from their PEM contents. */
public enum TestKeys {
    RSA("rsa-signing", "RSA", "test-rsa-1"),
    EC("ec-signing", "EC", "test-ec-1"),
    ED25519("ed25519-signing", "Ed25519", "test-ed25519-1"),
    ROTATED("rsa-rotated", "RSA", "test-rsa-2");

    private final PrivateKey privateKey;
    private final PublicKey publicKey;
    private final String publicPem;
    private final String kid;

    TestKeys(String name, String algorithm, String kid) {
        this.kid = kid;
        this.privateKey = PemKeys.privateKey(PemKeys.file(name + ".pem"), algorithm);
        this.publicPem = PemKeys.file(name + ".pub.pem");
        this.publicKey = PemKeys.publicKey(publicPem, algorithm);
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
}
