package dev.sessions.testing;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Compact JWS made by hand from the header and payload JSON exactly as given, so that tests can mint genuine tokens and
 * every kind of broken or forged one (any {@code alg}, {@code kid}, claim) without a JWT library's opinions.
 */
public final class Jws {

    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

    private Jws() {}

    /** base64url without padding, as JWS encodes its parts. */
    public static String base64Url(String text) {
        return base64Url(text.getBytes(StandardCharsets.UTF_8));
    }

    public static String base64Url(byte[] bytes) {
        return B64URL.encodeToString(bytes);
    }

    /** {@code <header>.<payload>} of the given JSON texts. */
    public static String signingInput(String headerJson, String payloadJson) {
        return base64Url(headerJson) + "." + base64Url(payloadJson);
    }

    /** ES256 (P-256, the signature as r‖s). */
    public static String es256(String headerJson, String payloadJson, PrivateKey key) {
        return signed(headerJson, payloadJson, "SHA256withECDSAinP1363Format", key);
    }

    /** EdDSA (Ed25519). */
    public static String edDsa(String headerJson, String payloadJson, PrivateKey key) {
        return signed(headerJson, payloadJson, "Ed25519", key);
    }

    /** RS256. */
    public static String rs256(String headerJson, String payloadJson, PrivateKey key) {
        return signed(headerJson, payloadJson, "SHA256withRSA", key);
    }

    /** HS256 keyed with these bytes (the algorithm-confusion forgery keys it with a public key's text). */
    public static String hs256(String headerJson, String payloadJson, byte[] secret) {
        String input = signingInput(headerJson, payloadJson);
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return input + "." + base64Url(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String signed(String headerJson, String payloadJson, String algorithm, PrivateKey key) {
        String input = signingInput(headerJson, payloadJson);
        try {
            Signature signature = Signature.getInstance(algorithm);
            signature.initSign(key);
            signature.update(input.getBytes(StandardCharsets.US_ASCII));
            return input + "." + base64Url(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
