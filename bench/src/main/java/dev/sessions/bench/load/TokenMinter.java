package dev.sessions.bench.load;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Signs access tokens exactly as auth-service does (EdDSA with an Ed25519 key, ES256 with an EC key; header kid and
 * typ, the contract's claims) with the
 * signing key bench/run gave auth-service, for sessions the seeder opened through the registry's internal endpoint.
 * The registry verifies them against auth-service's JWKS like any other token; only the argon2id sign-in is skipped,
 * which is what lets a run have thousands of distinct live sessions within seconds.
 */
final class TokenMinter {

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final PrivateKey key;
    private final String signatureAlgorithm;
    private final String header;
    private final String issuer;
    private final long ttlSeconds;

    TokenMinter(Path pem, String keyId, String issuer, long ttlSeconds) throws Exception {
        String text = Files.readString(pem)
                .replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "")
                .replaceAll("\\s", "");
        PKCS8EncodedKeySpec der = new PKCS8EncodedKeySpec(Base64.getDecoder().decode(text));
        PrivateKey read;
        boolean ed25519;
        try {
            read = KeyFactory.getInstance("Ed25519").generatePrivate(der);
            ed25519 = true;
        } catch (InvalidKeySpecException notEd25519) {
            read = KeyFactory.getInstance("EC").generatePrivate(der);
            ed25519 = false;
        }
        this.key = read;
        this.signatureAlgorithm = ed25519 ? "Ed25519" : "SHA256withECDSAinP1363Format";
        this.header = B64.encodeToString(new JsonObject()
                .put("kid", keyId)
                .put("typ", "JWT")
                .put("alg", ed25519 ? "EdDSA" : "ES256")
                .encode()
                .getBytes(StandardCharsets.UTF_8));
        this.issuer = issuer;
        this.ttlSeconds = ttlSeconds;
    }

    String mint(String userId, String sessionId) {
        long now = Instant.now().getEpochSecond();
        JsonObject claims = new JsonObject()
                .put("iss", issuer)
                .put("sub", userId)
                .put("sid", sessionId)
                .put("groups", new JsonArray().add("user"))
                .put("iat", now)
                .put("exp", now + ttlSeconds)
                .put("jti", UUID.randomUUID().toString())
                .put("email", "bench+" + userId + "@example.test");
        String signingInput = header + "." + B64.encodeToString(claims.encode().getBytes(StandardCharsets.UTF_8));
        try {
            Signature signature = Signature.getInstance(signatureAlgorithm);
            signature.initSign(key);
            signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + B64.encodeToString(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign a bench token", e);
        }
    }
}
