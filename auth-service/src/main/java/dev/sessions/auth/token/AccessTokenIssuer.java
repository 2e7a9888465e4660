package dev.sessions.auth.token;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.EcdsaUsingShaAlgorithm;
import org.jose4j.jws.JsonWebSignature;

import dev.sessions.auth.config.AuthConfig;
import dev.sessions.contract.signature.TokenSignatures;

/**
 * Signs access tokens carrying the contract's claims ({@code iss, sub, sid, groups, iat, exp, jti, email}) and
 * {@code amr} (RFC 8176): {@code ["pwd"]}, or {@code ["pwd","otp"]} for a session opened with a second factor.
 *
 * <p>Every sign-in and refresh signs one, so the work that is the same for every token is done once (issue 16): the
 * protected header ({@code alg}, {@code kid}, {@code typ}) is encoded at start as jose4j encodes it, and each thread
 * keeps a {@link Signature} initialised with the key. Initialising one per token made BouncyCastle convert the key
 * again and, for Ed25519, derive its public key anew, a second scalar multiplication beside the signature's own. The
 * claims are written directly as JSON; the signature is the same algorithm and provider (ADR 5) that jose4j would
 * use, and the tokens are the compact JWS that the registry and {@link AccessTokenVerifier} verify.
 */
@ApplicationScoped
public class AccessTokenIssuer {

    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();
    private static final JsonStringEncoder JSON = JsonStringEncoder.getInstance();

    private final String issuer;
    private final Duration ttl;
    private final Clock clock;
    /** The encoded protected header and its dot: the start of every token. */
    private final String headerPart;
    /** The JWS length of an ECDSA signature (R and S concatenated), 0 for signatures used as the JCA makes them. */
    private final int ecdsaLength;

    private final ThreadLocal<Signature> signers;

    @Inject
    AccessTokenIssuer(SigningKeys keys, AuthConfig config, Clock clock) {
        this(keys, config.issuer(), config.accessToken().ttl(), clock);
    }

    /** An issuer signing with the current key of {@code keys}, for {@code ttl}. */
    public AccessTokenIssuer(SigningKeys keys, String issuer, Duration ttl, Clock clock) {
        this.issuer = issuer;
        this.ttl = ttl;
        this.clock = clock;
        JsonWebSignature header = new JsonWebSignature();
        header.setAlgorithmHeaderValue(keys.algorithm());
        header.setKeyIdHeaderValue(keys.keyId());
        header.setHeader("typ", "JWT");
        this.headerPart = header.getHeaders().getEncodedHeader() + ".";
        this.ecdsaLength = ecdsaLength(keys.algorithm());
        String javaAlgorithm = javaAlgorithm(keys.algorithm());
        PrivateKey key = keys.privateKey();
        this.signers = ThreadLocal.withInitial(() -> signer(javaAlgorithm, key));
    }

    /** Signs a fresh token for the subject, valid for {@code auth.access-token.ttl}; {@code secondFactor}: amr has otp. */
    public AccessToken issue(TokenSubject subject, boolean secondFactor) {
        long now = clock.instant().getEpochSecond();
        long expiresAt = now + ttl.toSeconds();
        StringBuilder claims = new StringBuilder(256).append('{');
        string(claims, "iss", issuer).append(',');
        string(claims, "sub", subject.userId()).append(',');
        string(claims, "sid", subject.sessionId()).append(',');
        strings(claims, "groups", subject.roles()).append(',');
        claims.append("\"iat\":").append(now).append(',');
        claims.append("\"exp\":").append(expiresAt).append(',');
        string(claims, "jti", UUID.randomUUID().toString()).append(',');
        string(claims, "email", subject.email()).append(',');
        claims.append(secondFactor ? "\"amr\":[\"pwd\",\"otp\"]" : "\"amr\":[\"pwd\"]")
                .append('}');
        String signingInput =
                headerPart + BASE64URL.encodeToString(claims.toString().getBytes(StandardCharsets.UTF_8));
        return new AccessToken(
                signingInput + "." + BASE64URL.encodeToString(sign(signingInput)),
                Instant.ofEpochSecond(expiresAt),
                ttl);
    }

    private byte[] sign(String signingInput) {
        Signature signer = signers.get();
        try {
            signer.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            byte[] signature = signer.sign();
            return ecdsaLength == 0
                    ? signature
                    : EcdsaUsingShaAlgorithm.convertDerToConcatenated(signature, ecdsaLength);
        } catch (GeneralSecurityException | IOException e) {
            // a failed signature leaves the signer in an unknown state: the thread gets a fresh one next time
            signers.remove();
            throw new IllegalStateException("cannot sign an access token", e);
        }
    }

    private static StringBuilder string(StringBuilder json, String name, String value) {
        json.append('"').append(name).append("\":");
        return value == null ? json.append("null") : quoted(json, value);
    }

    private static StringBuilder strings(StringBuilder json, String name, List<String> values) {
        json.append('"').append(name).append("\":[");
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                json.append(',');
            }
            quoted(json, values.get(i));
        }
        return json.append(']');
    }

    private static StringBuilder quoted(StringBuilder json, String value) {
        return json.append('"').append(JSON.quoteAsString(value)).append('"');
    }

    private static Signature signer(String javaAlgorithm, PrivateKey key) {
        try {
            Signature signature = Signature.getInstance(javaAlgorithm, TokenSignatures.PROVIDER_NAME);
            signature.initSign(key);
            return signature;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign with a " + javaAlgorithm + " key", e);
        }
    }

    /** The JCA name of a JWS algorithm of {@link SigningKeys#algorithm()}. */
    private static String javaAlgorithm(String algorithm) {
        return switch (algorithm) {
            case AlgorithmIdentifiers.EDDSA -> "EdDSA";
            case AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256 -> "SHA256withECDSA";
            case AlgorithmIdentifiers.ECDSA_USING_P384_CURVE_AND_SHA384 -> "SHA384withECDSA";
            case AlgorithmIdentifiers.ECDSA_USING_P521_CURVE_AND_SHA512 -> "SHA512withECDSA";
            case AlgorithmIdentifiers.RSA_USING_SHA256 -> "SHA256withRSA";
            default -> throw new IllegalArgumentException("unsupported signing algorithm " + algorithm);
        };
    }

    /** R and S of an ECDSA signature are each as long as the curve's order (RFC 7518, section 3.4). */
    private static int ecdsaLength(String algorithm) {
        return switch (algorithm) {
            case AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256 -> 64;
            case AlgorithmIdentifiers.ECDSA_USING_P384_CURVE_AND_SHA384 -> 96;
            case AlgorithmIdentifiers.ECDSA_USING_P521_CURVE_AND_SHA512 -> 132;
            default -> 0;
        };
    }
}
