package dev.sessions.contract.http;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The one reading of an {@code Authorization} header both services use. */
class BearerTokenTest {

    @Test
    void theSchemeIsCaseInsensitiveAndTheTokenTrimmed() {
        assertThat(BearerToken.from("Bearer abc")).isEqualTo("abc");
        assertThat(BearerToken.from("bEARER  abc ")).isEqualTo("abc");
    }

    @Test
    void anythingElseIsNoToken() {
        assertThat(BearerToken.from(null)).isNull();
        assertThat(BearerToken.from("Bearer ")).isNull();
        assertThat(BearerToken.from("Bearer    ")).isNull();
        assertThat(BearerToken.from("Basic YTpi")).isNull();
        assertThat(BearerToken.from("Bearerabc")).isNull();
    }
}
