package dev.sessions.auth.support;

import java.security.KeyPair;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;

import dev.sessions.auth.token.Pem;
import dev.sessions.auth.token.SigningKeys;
import dev.sessions.testing.Jws;
import dev.sessions.testing.PemKeys;

/** The test keys (test-fixtures' {@code /keys}) as this service reads them, and hand-made access tokens. */
public final class TestKeys {

    private TestKeys() {}

    /** PEM text of a key file. */
    public static String pem(String file) {
        return PemKeys.file(file);
    }

    /** A key pair from a PKCS#8 file. */
    public static KeyPair keyPair(String file) {
        return Pem.readPrivateKey(pem(file));
    }

    /** The {@code kid} the service computes for a key (RFC 7638 thumbprint). */
    public static String keyId(KeyPair key) {
        return new SigningKeys(key, Optional.empty(), List.of()).keyId();
    }

    /** Claims as the service would issue them for this user and session, valid for 15 minutes. */
    public static JwtClaims claims(String userId, String sessionId, List<String> groups) {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer("session-backend");
        claims.setSubject(userId);
        claims.setClaim("sid", sessionId);
        claims.setStringListClaim("groups", groups);
        long now = Instant.now().getEpochSecond();
        claims.setIssuedAt(NumericDate.fromSeconds(now));
        claims.setExpirationTime(NumericDate.fromSeconds(now + 900));
        claims.setJwtId(UUID.randomUUID().toString());
        claims.setClaim("email", userId + "@example.test");
        return claims;
    }

    /** Signs claims with an EC key (ES256) and its thumbprint as {@code kid}, after letting the caller adjust them. */
    public static String sign(KeyPair key, JwtClaims claims, Consumer<JwtClaims> adjust) {
        adjust.accept(claims);
        return Jws.es256("{\"alg\":\"ES256\",\"kid\":\"" + keyId(key) + "\"}", claims.toJson(), key.getPrivate());
    }
}
