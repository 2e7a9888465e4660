package dev.sessions.auth.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** The refresh chain: deterministic successors, reuse told from forgery, cookie format and attributes. */
class RefreshChainTest {

    private final RefreshChain chain = new RefreshChain(new byte[32]);

    @Test
    void successorsAreDeterministicSoRacingTabsAgree() {
        RefreshToken first = RefreshToken.first("sid1");

        assertThat(chain.successor(first).value()).isEqualTo(chain.successor(first).value());
        assertThat(chain.successor(first).value()).isNotEqualTo(first.value()).startsWith("sid1.");
        assertThat(new RefreshChain(new byte[] {1, 2, 3}).successor(first).value())
                .isNotEqualTo(chain.successor(first).value());
    }

    @Test
    void anOldTokenIsAnEarlierLinkAndAForgedOneIsNot() {
        RefreshToken t0 = RefreshToken.first("sid1");
        RefreshToken t1 = chain.successor(t0);
        RefreshToken t2 = chain.successor(t1);
        RefreshToken t3 = chain.successor(t2);
        String current = RefreshChain.hash(t3);
        String previous = RefreshChain.hash(t2);

        assertThat(chain.isEarlierLink(t2, current, previous, 3)).isTrue();
        assertThat(chain.isEarlierLink(t1, current, previous, 3)).isTrue();
        assertThat(chain.isEarlierLink(t0, current, previous, 3)).isTrue();
        assertThat(chain.isEarlierLink(RefreshToken.first("sid1"), current, previous, 3)).isFalse();
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
                .isEqualTo("refresh_token=" + token.value() + "; Path=/auth; HttpOnly; Secure; SameSite=Strict; Max-Age=3600");
        assertThat(RefreshCookie.clear()).isEqualTo("refresh_token=; Path=/auth; HttpOnly; Secure; SameSite=Strict; Max-Age=0");
    }
}
