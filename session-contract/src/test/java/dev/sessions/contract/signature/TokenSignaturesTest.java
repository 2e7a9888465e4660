package dev.sessions.contract.signature;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Security;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;

import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwx.JsonWebStructure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class TokenSignaturesTest {

    @ParameterizedTest
    @CsvSource({
        "ES256, EC, secp256r1",
        "ES384, EC, secp384r1",
        "ES512, EC, secp521r1",
        "RS256, RSA, ",
        "EdDSA, Ed25519, "
    })
    void signsAndChecksEveryTokenAlgorithmThroughTheProvider(String algorithm, String keyType, String curve)
            throws Exception {
        KeyPair pair = keyPair(keyType, curve);
        JsonWebSignature signing = new JsonWebSignature();
        signing.setPayload("{\"sub\":\"someone\"}");
        signing.setAlgorithmHeaderValue(algorithm);
        signing.setKey(pair.getPrivate());
        signing.setProviderContext(TokenSignatures.context());
        String compact = signing.getCompactSerialization();

        assertThat(verifies(compact, pair)).isTrue();
        String tampered = compact.substring(0, compact.indexOf('.') + 1)
                + "eyJzdWIiOiJzb21lb25lLWVsc2UifQ"
                + compact.substring(compact.lastIndexOf('.'));
        assertThat(verifies(tampered, pair)).isFalse();
    }

    @Test
    void offersEveryTokenAlgorithmUnderItsOwnName() throws Exception {
        TokenSignatures.context();
        assertThat(TokenSignatures.algorithms())
                .containsExactlyInAnyOrder(
                        "SHA256withECDSA", "SHA384withECDSA", "SHA512withECDSA", "SHA256withRSA", "EdDSA", "Ed25519");
        for (String algorithm : TokenSignatures.algorithms()) {
            Signature signature = Signature.getInstance(algorithm, TokenSignatures.PROVIDER_NAME);
            assertThat(signature.getProvider().getName()).isEqualTo(TokenSignatures.PROVIDER_NAME);
        }
        // appended, never preferred: nothing else changes provider
        assertThat(Security.getProviders()[0].getName()).isNotEqualTo(TokenSignatures.PROVIDER_NAME);
        assertThat(TokenSignatures.warmUp()).isTrue();
    }

    private static boolean verifies(String compact, KeyPair pair) throws Exception {
        JsonWebSignature checking = (JsonWebSignature) JsonWebStructure.fromCompactSerialization(compact);
        checking.setKey(pair.getPublic());
        checking.setProviderContext(TokenSignatures.context());
        return checking.verifySignature();
    }

    private static KeyPair keyPair(String type, String curve) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance(type);
        if (curve != null) {
            generator.initialize(new ECGenParameterSpec(curve));
        } else if ("RSA".equals(type)) {
            generator.initialize(2048);
        }
        return generator.generateKeyPair();
    }
}
