package dev.sessions.auth.config;

import java.util.Base64;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.sessions.auth.support.TestKeys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Secrets: named refusals without them, generation only when asked (dev mode). */
class SecretsTest {

    private static final String KEY = TestKeys.pem("signing-key.pem");
    private static final String REFRESH = Base64.getEncoder().encodeToString(new byte[32]);
    private static final String INTERNAL = "internal-token-of-32-characters!";

    @Test
    void withoutGenerationEveryMissingSecretIsNamed() {
        assertThatThrownBy(() -> new Secrets(Optional.empty(), Optional.empty(), Optional.of(" "), false))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("auth.signing.private-key (AUTH_SIGNING_PRIVATE_KEY) is not set")
                .hasMessageContaining("auth.refresh.secret (AUTH_REFRESH_SECRET) is not set")
                .hasMessageContaining("internal.api-token (INTERNAL_API_TOKEN) is not set");
    }

    @Test
    void malformedSecretsAreRefused() {
        assertThatThrownBy(() -> new Secrets(
                        Optional.of("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----"),
                        Optional.of(REFRESH),
                        Optional.of("token"),
                        false))
                .hasMessageContaining("auth.signing.private-key (AUTH_SIGNING_PRIVATE_KEY) is unusable");
        assertThatThrownBy(() -> new Secrets(
                        Optional.of(KEY),
                        Optional.of(Base64.getEncoder().encodeToString(new byte[16])),
                        Optional.of("token"),
                        false))
                .hasMessageContaining("at least 32 bytes");
        assertThatThrownBy(() -> new Secrets(Optional.of(KEY), Optional.of("%%%"), Optional.of("token"), false))
                .hasMessageContaining("not valid base64");
    }

    @Test
    void anInternalTokenShorterThan32CharactersIsRefused() {
        assertThatThrownBy(() -> new Secrets(Optional.of(KEY), Optional.of(REFRESH), Optional.of("x"), false))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("internal.api-token (INTERNAL_API_TOKEN) must be at least 32 characters");
        assertThatThrownBy(() ->
                        new Secrets(Optional.of(KEY), Optional.of(REFRESH), Optional.of(INTERNAL.substring(1)), false))
                .hasMessageContaining("at least 32 characters");
    }

    @Test
    void configuredSecretsAreUsed() {
        Secrets secrets = new Secrets(Optional.of(KEY), Optional.of(REFRESH), Optional.of(INTERNAL), false);

        assertThat(secrets.signingKey().getPublic())
                .isEqualTo(TestKeys.keyPair("signing-key.pem").getPublic());
        assertThat(secrets.refreshKey()).hasSize(32);
        assertThat(secrets.internalApiToken()).isEqualTo(INTERNAL);
    }

    @Test
    void devModeGeneratesWhatIsMissing() {
        Secrets secrets = new Secrets(Optional.empty(), Optional.empty(), Optional.empty(), true);

        assertThat(secrets.signingKey().getPrivate().getAlgorithm()).isEqualTo("EdDSA");
        assertThat(secrets.refreshKey()).hasSize(32);
        assertThat(secrets.internalApiToken()).hasSizeGreaterThanOrEqualTo(32);
    }
}
