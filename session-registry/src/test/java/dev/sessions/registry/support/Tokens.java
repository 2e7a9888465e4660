package dev.sessions.registry.support;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;

import dev.sessions.testing.Jws;

/** Mints access tokens the way auth-service does, plus the broken and forged kinds the registry must refuse. */
public final class Tokens {

    public static final String ISSUER = "session-backend";
    private static final BigInteger P256_ORDER =
            new BigInteger("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", 16);

    private Tokens() {}

    public static String user(String userId, String sessionId) {
        return sign(claims(userId, sessionId, List.of("user")), TestKeys.RSA);
    }

    public static String admin(String userId, String sessionId) {
        return sign(claims(userId, sessionId, List.of("user", "admin")), TestKeys.RSA);
    }

    public static String withRoles(String userId, String sessionId, List<String> roles) {
        return sign(claims(userId, sessionId, roles), TestKeys.RSA);
    }

    public static String es256(String userId, String sessionId) {
        return sign(claims(userId, sessionId, List.of("user")), TestKeys.EC);
    }

    /** A user token signed with Ed25519 (EdDSA), the algorithm of the keys ./stack generates. */
    public static String edDsa(String userId, String sessionId) {
        return sign(claims(userId, sessionId, List.of("user")), TestKeys.ED25519);
    }

    /** The JWS algorithm of a test key. */
    public static SignatureAlgorithm algorithmOf(TestKeys key) {
        return switch (key) {
            case EC -> SignatureAlgorithm.ES256;
            case ED25519 -> SignatureAlgorithm.EDDSA;
            default -> SignatureAlgorithm.RS256;
        };
    }

    public static String signedWith(TestKeys key, String userId, String sessionId) {
        return sign(claims(userId, sessionId, List.of("user")), key);
    }

    /** A user token whose {@code exp} lies {@code lifetime} after its {@code iat}, issued now. */
    public static String lasting(String userId, String sessionId, Duration lifetime) {
        Instant now = Instant.now();
        return sign(
                claims(userId, sessionId, List.of("user")).issuedAt(now).expiresAt(now.plus(lifetime)), TestKeys.RSA);
    }

    public static String expired(String userId, String sessionId) {
        Instant past = Instant.now().minusSeconds(3600);
        return sign(
                claims(userId, sessionId, List.of("user")).issuedAt(past).expiresAt(past.plusSeconds(900)),
                TestKeys.RSA);
    }

    public static String wrongIssuer(String userId, String sessionId) {
        return sign(claims(userId, sessionId, List.of("user")).issuer("someone-else"), TestKeys.RSA);
    }

    /** A valid token whose payload was edited afterwards (another user), signature kept. */
    public static String tampered(String userId, String sessionId) {
        String[] parts = user(userId, sessionId).split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace(userId, userId + "x");
        return parts[0] + "." + b64(payload) + "." + parts[2];
    }

    /** An unsigned token ({@code alg: none}). */
    public static String algNone(String userId, String sessionId) {
        String[] parts = user(userId, sessionId).split("\\.");
        return b64("{\"alg\":\"none\",\"typ\":\"JWT\",\"kid\":\"" + TestKeys.RSA.kid() + "\"}") + "." + parts[1] + ".";
    }

    /** HS256 keyed with the RSA public key's text: the classic algorithm-confusion forgery. */
    public static String hmacWithPublicKey(String userId, String sessionId) {
        String[] parts = user(userId, sessionId).split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        return Jws.hs256(
                "{\"alg\":\"HS256\",\"typ\":\"JWT\",\"kid\":\"" + TestKeys.RSA.kid() + "\"}",
                payload,
                TestKeys.RSA.publicPem().getBytes(StandardCharsets.US_ASCII));
    }

    /** A genuine RS256 token whose header names no {@code kid}. */
    public static String withoutKid(String userId, String sessionId) {
        return claims(userId, sessionId, List.of("user"))
                .jws()
                .algorithm(SignatureAlgorithm.RS256)
                .sign(TestKeys.RSA.privateKey());
    }

    /**
     * An ES256 token and its twin, the other valid signature of its content {@code (r, n - s)}: a different string that
     * verifies with the same key. The one with the low s comes first (the signer makes either).
     */
    public static String[] es256AndTwin(String userId, String sessionId) {
        String token = es256(userId, sessionId);
        int dot = token.lastIndexOf('.');
        byte[] signature = Base64.getUrlDecoder().decode(token.substring(dot + 1));
        BigInteger r = new BigInteger(1, Arrays.copyOfRange(signature, 0, 32));
        BigInteger s = new BigInteger(1, Arrays.copyOfRange(signature, 32, 64));
        String twin = token.substring(0, dot + 1)
                + Base64.getUrlEncoder().withoutPadding().encodeToString(concat(r, P256_ORDER.subtract(s)));
        return s.compareTo(P256_ORDER.shiftRight(1)) > 0 ? new String[] {twin, token} : new String[] {token, twin};
    }

    private static byte[] concat(BigInteger r, BigInteger s) {
        byte[] out = new byte[64];
        byte[] rb = r.toByteArray();
        byte[] sb = s.toByteArray();
        System.arraycopy(rb, Math.max(0, rb.length - 32), out, 32 - Math.min(32, rb.length), Math.min(32, rb.length));
        System.arraycopy(sb, Math.max(0, sb.length - 32), out, 64 - Math.min(32, sb.length), Math.min(32, sb.length));
        return out;
    }

    private static JwtClaimsBuilder claims(String userId, String sessionId, List<String> roles) {
        Instant now = Instant.now();
        return Jwt.issuer(ISSUER)
                .subject(userId)
                .claim("sid", sessionId)
                .groups(Set.copyOf(roles))
                .claim("jti", UUID.randomUUID().toString())
                .claim("email", userId + "@example.test")
                .issuedAt(now)
                .expiresAt(now.plusSeconds(900));
    }

    private static String sign(JwtClaimsBuilder claims, TestKeys key) {
        return claims.jws().keyId(key.kid()).algorithm(algorithmOf(key)).sign(key.privateKey());
    }

    private static String b64(String text) {
        return Jws.base64Url(text);
    }
}
