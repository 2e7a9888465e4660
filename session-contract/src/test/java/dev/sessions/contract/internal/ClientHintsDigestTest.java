package dev.sessions.contract.internal;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ClientHintsDigestTest {

    private static final String AGENT = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/131.0.0.0 Safari/537.36";

    private static ClientHints hints(String platformVersion) {
        return new ClientHints("\"Chromium\";v=\"131\"", "?0", "\"Windows\"", platformVersion, null, null);
    }

    @Test
    void theSameHeadersGiveTheSameShortDigest() {
        String digest = ClientHints.digest(AGENT, hints("\"15.0.0\""));

        assertThat(digest).hasSize(12).matches("[A-Za-z0-9_-]{12}");
        assertThat(ClientHints.digest(AGENT, hints("\"15.0.0\""))).isEqualTo(digest);
    }

    @Test
    void withoutHintsOrWithoutAUserAgentTheDeviceIsNotReadAgainSoThereIsNoDigest() {
        assertThat(ClientHints.digest(AGENT, null)).isNull();
        assertThat(ClientHints.digest(AGENT, new ClientHints(null, null, null, null, null, null)))
                .isNull();
        assertThat(ClientHints.digest(null, hints("\"15.0.0\""))).isNull();
    }

    @Test
    void anyHeaderThatChangesChangesTheDigest() {
        String digest = ClientHints.digest(AGENT, hints("\"15.0.0\""));

        assertThat(ClientHints.digest(AGENT, hints("\"10.0.0\""))).isNotEqualTo(digest);
        assertThat(ClientHints.digest(AGENT, hints(null))).isNotEqualTo(digest);
        assertThat(ClientHints.digest(AGENT.replace("131", "132"), hints("\"15.0.0\"")))
                .isNotEqualTo(digest);
        // a hint's value moved to another hint is another set of headers
        assertThat(ClientHints.digest(AGENT, new ClientHints(null, "?0", "\"Windows\"", "\"15.0.0\"", null, null)))
                .isNotEqualTo(ClientHints.digest(
                        AGENT, new ClientHints("?0", null, "\"Windows\"", "\"15.0.0\"", null, null)));
    }
}
