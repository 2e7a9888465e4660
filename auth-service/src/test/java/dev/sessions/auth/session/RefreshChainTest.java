package dev.sessions.auth.session;

import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The refresh chain: deterministic successors, cookie format and attributes. */
class RefreshChainTest {

    private final RefreshChain chain = new RefreshChain(new byte[32]);

    @Test
    void successorsAreDeterministicSoRacingTabsAgree() {
        RefreshToken first = RefreshToken.first("sid1");

        assertThat(chain.successor(first).value())
                .isEqualTo(chain.successor(first).value());
        assertThat(chain.successor(first).value()).isNotEqualTo(first.value()).startsWith("sid1.");
        assertThat(new RefreshChain(new byte[] {1, 2, 3}).successor(first).value())
                .isNotEqualTo(chain.successor(first).value());
    }

    @Test
    void aTokenSomeLinksAheadIsTheSuccessorOfTheSuccessor() {
        RefreshToken t0 = RefreshToken.first("sid1");
        RefreshToken t3 = chain.successor(chain.successor(chain.successor(t0)));

        assertThat(chain.successor(t0, 3).value()).isEqualTo(t3.value());
        assertThat(chain.successor(t0, 0).value()).isEqualTo(t0.value());
    }

    @Test
    void tokensRoundTripThroughTheCookieAndJunkIsRejected() {
        RefreshToken token = RefreshToken.first("q2X9v5mB7kP0aR3sT6uW8y");

        assertThat(RefreshToken.parse(token.value()).map(RefreshToken::value)).contains(token.value());
        assertThat(token.value()).matches("q2X9v5mB7kP0aR3sT6uW8y\\.[A-Za-z0-9_-]{43}");
        assertThat(RefreshToken.parse(null)).isEmpty();
        assertThat(RefreshToken.parse("nodot")).isEmpty();
        assertThat(RefreshToken.parse("sid.")).isEmpty();
        assertThat(RefreshToken.parse("sid.short")).isEmpty();
        assertThat(RefreshToken.parse("bad sid." + "A".repeat(43))).isEmpty();
        assertThat(RefreshToken.parse("sid." + "!".repeat(43))).isEqualTo(Optional.empty());
    }

    @Test
    void theCookieHasTheContractsAttributes() {
        RefreshToken token = RefreshToken.first("sid1");
        Instant now = Instant.parse("2026-11-22T09:00:00Z");

        assertThat(RefreshCookie.issue(token, false, now.plusSeconds(3600), now))
                .isEqualTo("refresh_token=" + token.value() + "; Path=/auth; HttpOnly; Secure; SameSite=Strict");
        assertThat(RefreshCookie.issue(token, true, now.plusSeconds(3600), now))
                .isEqualTo("refresh_token=" + token.value()
                        + "; Path=/auth; HttpOnly; Secure; SameSite=Strict; Max-Age=3600");
        assertThat(RefreshCookie.clear())
                .isEqualTo("refresh_token=; Path=/auth; HttpOnly; Secure; SameSite=Strict; Max-Age=0");
    }
}
