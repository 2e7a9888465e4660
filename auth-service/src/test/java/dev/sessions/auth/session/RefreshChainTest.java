package dev.sessions.auth.session;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.Optional;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import dev.sessions.contract.redis.RedisKeys;

import static org.assertj.core.api.Assertions.assertThat;

/** The refresh chain: deterministic successors, cookie format and attributes. */
class RefreshChainTest {

    private final RefreshChain chain = new RefreshChain(new byte[32]);

    @Test
    void successorsAreDeterministicSoRacingTabsAgree() {
        RefreshToken first = RefreshToken.first("sid1", "user-1");

        assertThat(chain.successor(first).value())
                .isEqualTo(chain.successor(first).value());
        assertThat(chain.successor(first).value()).isNotEqualTo(first.value()).startsWith("sid1.user-1.");
        assertThat(new RefreshChain(new byte[] {1, 2, 3}).successor(first).value())
                .isNotEqualTo(chain.successor(first).value());
    }

    @Test
    void aTokenSomeLinksAheadIsTheSuccessorOfTheSuccessor() {
        RefreshToken t0 = RefreshToken.first("sid1", "user-1");
        RefreshToken t3 = chain.successor(chain.successor(chain.successor(t0)));

        assertThat(chain.successor(t0, 3).value()).isEqualTo(t3.value());
        assertThat(chain.successor(t0, 0).value()).isEqualTo(t0.value());
    }

    @Test
    void tokensRoundTripThroughTheCookieAndJunkIsRejected() {
        RefreshToken token = RefreshToken.first("q2X9v5mB7kP0aR3sT6uW8y", "0b7c1b3e-8f0e-4c1e-9a53-5d1b2f9d8e11");

        assertThat(RefreshToken.parse(token.value()).map(RefreshToken::value)).contains(token.value());
        assertThat(token.value())
                .matches("q2X9v5mB7kP0aR3sT6uW8y\\.0b7c1b3e-8f0e-4c1e-9a53-5d1b2f9d8e11\\.[A-Za-z0-9_-]{43}");
        assertThat(RefreshToken.parse(null)).isEmpty();
        assertThat(RefreshToken.parse("nodot")).isEmpty();
        assertThat(RefreshToken.parse("sid.")).isEmpty();
        assertThat(RefreshToken.parse("sid.short")).isEmpty();
        assertThat(RefreshToken.parse("bad sid." + "A".repeat(43))).isEmpty();
        assertThat(RefreshToken.parse("sid." + "!".repeat(43))).isEqualTo(Optional.empty());
        assertThat(RefreshToken.parse("sid.bad user." + "A".repeat(43))).isEmpty();
        assertThat(RefreshToken.parse("sid.user.more." + "A".repeat(43))).isEmpty();
        assertThat(RefreshToken.parse(".user." + "A".repeat(43))).isEmpty();
        assertThat(RefreshToken.parse("sid.." + "A".repeat(43))).isEmpty();
    }

    @Test
    void aCookieIssuedBeforeTheUserWasInItStillParsesAndItsSuccessorsNameTheChainsUser() {
        RefreshToken before =
                RefreshToken.parse("q2X9v5mB7kP0aR3sT6uW8y." + "A".repeat(43)).orElseThrow();

        assertThat(before.sessionId()).isEqualTo("q2X9v5mB7kP0aR3sT6uW8y");
        assertThat(before.userId()).isNull();
        assertThat(before.namesKeysOfItsSession()).isFalse();
        assertThat(chain.successor(before).withUser("user-1").value()).startsWith("q2X9v5mB7kP0aR3sT6uW8y.user-1.");
        // the same secret whatever the cookie says of its user: the chain stores hashes of secrets only
        assertThat(RefreshChain.hash(before.withUser("user-1"))).isEqualTo(RefreshChain.hash(before));
    }

    @Test
    void aTokensUserNamesKeysOnlyWhenItIsOfTheSessionsBucket() {
        String userId = "0b7c1b3e-8f0e-4c1e-9a53-5d1b2f9d8e11";
        String sessionId = RedisKeys.newSessionId(userId, new SecureRandom());
        String stranger = IntStream.range(0, 1000)
                .mapToObj(i -> "user-" + i)
                .filter(id -> !RedisKeys.bucketOfUser(id).equals(RedisKeys.bucketOfUser(userId)))
                .findFirst()
                .orElseThrow();

        assertThat(RefreshToken.first(sessionId, userId).namesKeysOfItsSession())
                .isTrue();
        assertThat(RefreshToken.first(sessionId, stranger).namesKeysOfItsSession())
                .isFalse();
    }

    @Test
    void theCookieHasTheContractsAttributes() {
        RefreshToken token = RefreshToken.first("sid1", "user-1");
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
