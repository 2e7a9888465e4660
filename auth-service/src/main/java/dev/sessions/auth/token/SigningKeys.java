package dev.sessions.auth.token;

import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.EdECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.NamedParameterSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import io.quarkus.runtime.StartupEvent;
import org.jose4j.jca.ProviderContext;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.lang.HashUtil;
import org.jose4j.lang.JoseException;

import dev.sessions.auth.config.AuthConfig;
import dev.sessions.auth.config.Secrets;
import dev.sessions.contract.signature.TokenSignatures;

/** The signing key and the public keys published in the JWKS: the current one first, then those of a rotation. */
@ApplicationScoped
public class SigningKeys {

    /**
     * Token signatures are made and checked by BouncyCastle ({@link TokenSignatures}): on JDK 17 it signs EdDSA about
     * nine times and ES256 about twice as fast as the JDK's provider, and RS256 at the same cost; every sign-in and
     * refresh signs a token (bench/notes/90-findings.md, {@code TokenSignatureBenchmark}).
     */
    public static final ProviderContext SIGNATURE_PROVIDERS = TokenSignatures.context();

    private final PrivateKey privateKey;
    private final String algorithm;
    private final String keyId;
    private final List<JsonWebKey> publicKeys;
    private final String jwksJson;

    @Inject
    SigningKeys(Secrets secrets, AuthConfig config) {
        this(
                secrets.signingKey(),
                config.signing().keyId(),
                config.signing().previousPublicKeys().orElse(List.of()).stream()
                        .filter(pem -> !pem.isBlank())
                        .map(Pem::readPublicKey)
                        .toList());
    }

    /** Builds the key set from the current key pair, its optional {@code kid} and retired public keys. */
    public SigningKeys(KeyPair current, Optional<String> keyId, List<PublicKey> previous) {
        this.privateKey = current.getPrivate();
        this.algorithm = algorithmOf(current.getPublic());
        List<JsonWebKey> keys = new ArrayList<>();
        PublicJsonWebKey currentJwk = jwk(current.getPublic(), keyId.filter(k -> !k.isBlank()));
        keys.add(currentJwk);
        for (PublicKey key : previous) {
            PublicJsonWebKey jwk = jwk(key, Optional.empty());
            if (!jwk.getKeyId().equals(currentJwk.getKeyId())) {
                keys.add(jwk);
            }
        }
        this.keyId = currentJwk.getKeyId();
        this.publicKeys = Collections.unmodifiableList(keys);
        this.jwksJson = new JsonWebKeySet(keys).toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
    }

    /** The first signature loads BouncyCastle's EC classes: done beside the start rather than by a sign-in. */
    void warmUp(@Observes StartupEvent event) {
        TokenSignatures.warmUpInBackground();
    }

    /** The private key that signs new access tokens. */
    public PrivateKey privateKey() {
        return privateKey;
    }

    /** JWS algorithm of the signing key ({@code EdDSA}, {@code ES256}, {@code RS256}, ...). */
    public String algorithm() {
        return algorithm;
    }

    /** {@code kid} of the signing key. */
    public String keyId() {
        return keyId;
    }

    /** Every key a token may be verified with. */
    public List<JsonWebKey> publicKeys() {
        return publicKeys;
    }

    /** Algorithms of the published keys: the only ones a presented token may use. */
    public String[] algorithms() {
        return publicKeys.stream().map(JsonWebKey::getAlgorithm).distinct().toArray(String[]::new);
    }

    /** The JWK Set document. */
    public String jwksJson() {
        return jwksJson;
    }

    private static PublicJsonWebKey jwk(PublicKey key, Optional<String> keyId) {
        try {
            PublicJsonWebKey jwk = PublicJsonWebKey.Factory.newPublicJwk(key);
            jwk.setKeyId(keyId.orElse(jwk.calculateBase64urlEncodedThumbprint(HashUtil.SHA_256)));
            jwk.setUse("sig");
            jwk.setAlgorithm(algorithmOf(key));
            return jwk;
        } catch (JoseException e) {
            throw new IllegalArgumentException("unsupported public key", e);
        }
    }

    private static String algorithmOf(PublicKey key) {
        if (key instanceof RSAPublicKey) {
            return AlgorithmIdentifiers.RSA_USING_SHA256;
        }
        if (key instanceof ECPublicKey ec) {
            int bits = ec.getParams().getCurve().getField().getFieldSize();
            return switch (bits) {
                case 256 -> AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256;
                case 384 -> AlgorithmIdentifiers.ECDSA_USING_P384_CURVE_AND_SHA384;
                case 521 -> AlgorithmIdentifiers.ECDSA_USING_P521_CURVE_AND_SHA512;
                default -> throw new IllegalArgumentException("unsupported EC curve of " + bits + " bits");
            };
        }
        if (key instanceof EdECPublicKey ed
                && NamedParameterSpec.ED25519.getName().equals(ed.getParams().getName())) {
            return AlgorithmIdentifiers.EDDSA;
        }
        throw new IllegalArgumentException("signing keys must be Ed25519, EC or RSA");
    }
}
