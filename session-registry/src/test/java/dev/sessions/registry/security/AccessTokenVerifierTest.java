package dev.sessions.registry.security;

import org.junit.jupiter.api.Test;

import dev.sessions.registry.support.Tokens;

import static org.assertj.core.api.Assertions.assertThat;

/** The canonical (low-s) form under which ES256 tokens are verified and remembered. */
class AccessTokenVerifierTest {

    @Test
    void bothSignaturesOfOneEs256TokenReadAsTheLowSOne() {
        for (int i = 0; i < 20; i++) {
            String[] lowAndHigh = Tokens.es256AndTwin("u-" + i, "s-" + i);
            assertThat(lowAndHigh[1]).isNotEqualTo(lowAndHigh[0]);
            assertThat(AccessTokenVerifier.lowS(lowAndHigh[1])).isEqualTo(lowAndHigh[0]);
            assertThat(AccessTokenVerifier.lowS(lowAndHigh[0])).isEqualTo(lowAndHigh[0]);
        }
    }
}
