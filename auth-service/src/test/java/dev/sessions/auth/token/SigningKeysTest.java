package dev.sessions.auth.token;

import java.security.KeyPair;
import java.util.List;
import java.util.Optional;

import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.lang.JoseException;
import org.junit.jupiter.api.Test;

import dev.sessions.auth.support.TestKeys;

import static org.assertj.core.api.Assertions.assertThat;

/** Signing keys: derived public key, RFC 7638 kid, rotation key set, RSA support. */
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
}
