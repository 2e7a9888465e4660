package dev.sessions.auth.mfa;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The key of two-factor secrets: AES-GCM bound to the user, keyed recovery-code hashes, refusals without a key. */
class MfaKeysTest {

    private static final String KEY = Base64.getEncoder().encodeToString(new byte[32]);
    private static final byte[] SECRET = "twenty bytes secret!".getBytes(StandardCharsets.US_ASCII);

    @Test
    void aSecretIsSealedForItsUserAndOpensOnlyForThem() {
        MfaKeys keys = new MfaKeys(Optional.of(KEY), false);

        String sealed = keys.encrypt(SECRET, "user-a");

        assertThat(sealed).startsWith("v1:").doesNotContain(Base32.encode(SECRET));
        assertThat(keys.encrypt(SECRET, "user-a")).as("a fresh nonce each time").isNotEqualTo(sealed);
        assertThat(keys.decrypt(sealed, "user-a")).isEqualTo(SECRET);
        assertThatThrownBy(() -> keys.decrypt(sealed, "user-b")).isInstanceOf(IllegalStateException.class);
        byte[] otherKey = new byte[32];
        otherKey[0] = 1;
        MfaKeys other = new MfaKeys(Optional.of(Base64.getEncoder().encodeToString(otherKey)), false);
        assertThatThrownBy(() -> other.decrypt(sealed, "user-a")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void recoveryCodeHashesDependOnTheKey() {
        MfaKeys keys = new MfaKeys(Optional.of(KEY), false);
        MfaKeys generated = new MfaKeys(Optional.empty(), true);

        assertThat(keys.recoveryCodeHash("abcdefghjk")).hasSize(64).isEqualTo(keys.recoveryCodeHash("abcdefghjk"));
        assertThat(keys.recoveryCodeHash("abcdefghjk")).isNotEqualTo(generated.recoveryCodeHash("abcdefghjk"));
    }

    @Test
    void withoutGenerationAMissingOrMalformedKeyStopsTheStart() {
        assertThatThrownBy(() -> new MfaKeys(Optional.empty(), false))
                .hasMessageContaining("auth.mfa.encryption-key (AUTH_MFA_ENCRYPTION_KEY) is not set");
        assertThatThrownBy(() -> new MfaKeys(Optional.of("%%%"), false)).hasMessageContaining("not valid base64");
        assertThatThrownBy(() -> new MfaKeys(Optional.of(Base64.getEncoder().encodeToString(new byte[16])), false))
                .hasMessageContaining("exactly 32 bytes");
    }

    @Test
    void recoveryCodesAreTenDistinctAndReadBackInAnyForm() {
        var codes = RecoveryCodes.generate();

        assertThat(codes).hasSize(10).doesNotHaveDuplicates().allMatch(code -> code.matches("[a-z2-9]{5}-[a-z2-9]{5}"));
        String code = codes.get(0);
        assertThat(RecoveryCodes.normalise(" " + code.toUpperCase() + " ")).hasValue(code.replace("-", ""));
        assertThat(RecoveryCodes.normalise("123456")).isEmpty();
        assertThat(RecoveryCodes.normalise("abcde-fghi1"))
                .as("1 is not in the alphabet")
                .isEmpty();
    }
}
