package dev.sessions.auth.token;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.List;
import java.util.Optional;

import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.lang.JoseException;
import org.junit.jupiter.api.Test;

import dev.sessions.auth.support.TestKeys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Signing keys: derived public key, RFC 7638 kid, rotation key set, Ed25519 and RSA support. */
class SigningKeysTest {

    @Test
    void thePublicKeyIsDerivedFromThePrivateOneAsOpensslDoes() {
        KeyPair derived = Pem.readPrivateKey(TestKeys.pem("signing-key.pem"));

        assertThat(derived.getPublic()).isEqualTo(Pem.readPublicKey(TestKeys.pem("signing-public.pem")));
    }

    @Test
    void theKidIsTheRfc7638ThumbprintUnlessConfigured() throws JoseException {
        KeyPair key = TestKeys.keyPair("signing-key.pem");
        SigningKeys keys = new SigningKeys(key, Optional.empty(), List.of());

        String thumbprint = JsonWebKey.Factory.newJwk(key.getPublic()).calculateBase64urlEncodedThumbprint("SHA-256");
        assertThat(keys.keyId()).isEqualTo(thumbprint);
        assertThat(new SigningKeys(key, Optional.of("2026-11"), List.of()).keyId())
                .isEqualTo("2026-11");
        assertThat(keys.algorithm()).isEqualTo("ES256");
    }

    @Test
    void aRotationPublishesTheCurrentAndThePreviousKeys() throws JoseException {
        KeyPair current = TestKeys.keyPair("signing-key.pem");
        SigningKeys keys = new SigningKeys(
                current,
                Optional.empty(),
                List.of(Pem.readPublicKey(TestKeys.pem("previous-public.pem")), current.getPublic()));

        List<JsonWebKey> published = new JsonWebKeySet(keys.jwksJson()).getJsonWebKeys();
        assertThat(published).hasSize(2);
        assertThat(published.get(0).getKeyId()).isEqualTo(keys.keyId());
        assertThat(keys.jwksJson()).doesNotContain("\"d\"");
    }

    @Test
    void rsaKeysSignWithRs256() {
        KeyPair rsa = Pem.readPrivateKey(TestKeys.pem("rsa-key.pem"));

        assertThat(new SigningKeys(rsa, Optional.empty(), List.of()).algorithm())
                .isEqualTo("RS256");
    }

    @Test
    void ed25519KeysSignWithEdDsaAndArePublishedAsOctetKeyPairs() throws Exception {
        KeyPair ed = Pem.readPrivateKey(TestKeys.pem("ed25519-signing.pem"));
        assertThat(ed.getPublic()).isEqualTo(Pem.readPublicKey(TestKeys.pem("ed25519-signing.pub.pem")));
        SigningKeys keys =
                new SigningKeys(ed, Optional.empty(), List.of(Pem.readPublicKey(TestKeys.pem("signing-public.pem"))));

        assertThat(keys.algorithm()).isEqualTo("EdDSA");
        assertThat(keys.algorithms()).containsExactly("EdDSA", "ES256");
        JsonWebKey published =
                new JsonWebKeySet(keys.jwksJson()).getJsonWebKeys().get(0);
        assertThat(published.getKeyType()).isEqualTo("OKP");
        assertThat(published.getAlgorithm()).isEqualTo("EdDSA");
        assertThat(keys.jwksJson()).contains("\"crv\":\"Ed25519\"").doesNotContain("\"d\"");

        JsonWebSignature signed = new JsonWebSignature();
        signed.setPayload("{\"sub\":\"u-1\"}");
        signed.setKey(keys.privateKey());
        signed.setAlgorithmHeaderValue(keys.algorithm());
        signed.setKeyIdHeaderValue(keys.keyId());
        signed.setProviderContext(SigningKeys.SIGNATURE_PROVIDERS);
        String token = signed.getCompactSerialization();

        JsonWebSignature received = new JsonWebSignature();
        received.setCompactSerialization(token);
        received.setAlgorithmConstraints(
                new AlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, keys.algorithms()));
        received.setKey(new JsonWebKeySet(keys.jwksJson())
                .findJsonWebKey(keys.keyId(), null, null, null)
                .getKey());
        assertThat(received.verifySignature()).isTrue();
    }

    @Test
    void anEd448KeyIsRefusedRatherThanSignedWithAnotherCurvesAlgorithm() throws Exception {
        String ed448 = Pem.write(
                KeyPairGenerator.getInstance("Ed448").generateKeyPair().getPrivate());

        assertThatThrownBy(() -> Pem.readPrivateKey(ed448))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Ed25519");
    }
}
