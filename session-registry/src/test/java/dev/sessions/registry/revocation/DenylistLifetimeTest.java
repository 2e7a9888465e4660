package dev.sessions.registry.revocation;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import dev.sessions.registry.support.Api;
import dev.sessions.registry.support.TestEnvironment;
import dev.sessions.registry.support.Tokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A revoked session's tokens stay refused for as long as the registry would otherwise accept them (until exp plus the
 * allowed clock skew), whatever the configured lifetime; and a token living longer than the denylist covers is refused.
 */
@QuarkusTest
@TestProfile(DenylistLifetimeTest.ShortTokens.class)
@WithTestResource(value = TestEnvironment.class, scope = TestResourceScope.GLOBAL)
class DenylistLifetimeTest {

    private static final Duration TOKEN_TTL = Duration.ofSeconds(2);
    private static final Duration SKEW = Duration.ofSeconds(8);

    /** Access tokens of 2 s, as auth-service would be configured, and a clock skew of 8 s. */
    public static class ShortTokens implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("auth.access-token.ttl", "2s", "registry.token.clock-skew", "8s");
        }
    }

    @Test
    void aRevokedTokenStaysRefusedUntilItExpiresWithTheSkew() {
        String uid = Api.newUserId();
        String sid = Api.open(uid, Api.CHROME_WINDOWS, "81.2.69.142");
        Instant issued = Instant.now();
        String token = Tokens.lasting(uid, sid, TOKEN_TTL);
        assertThat(check(token)).isEqualTo(204);

        Api.internal()
                .body(Map.of("type", "REVOKED", "reason", "ADMIN_REVOKED", "actorType", "SYSTEM"))
                .post("/internal/sessions/" + sid + "/end")
                .then()
                .statusCode(204);

        // every answer from the revocation until well past exp + skew: never accepted again
        Instant pastExpiry = issued.plus(TOKEN_TTL).plus(SKEW).plusSeconds(1);
        List<Integer> answers = new CopyOnWriteArrayList<>();
        await().atMost(Duration.between(Instant.now(), pastExpiry).plusSeconds(10))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    answers.add(check(token));
                    return Instant.now().isAfter(pastExpiry);
                });
        assertThat(answers).hasSizeGreaterThan(10).containsOnly(401);
    }

    @Test
    void aTokenLivingLongerThanTheDenylistCoversIsRefused() {
        String uid = Api.newUserId();
        String sid = Api.open(uid, Api.CHROME_WINDOWS, "81.2.69.142");

        assertThat(check(Tokens.lasting(uid, sid, TOKEN_TTL))).isEqualTo(204);
        assertThat(check(Tokens.lasting(uid, sid, TOKEN_TTL.plusSeconds(1)))).isEqualTo(401);
        assertThat(check(Tokens.user(uid, sid))).isEqualTo(401);
    }

    private static int check(String token) {
        return Api.bearer(token).get("/check").statusCode();
    }
}
