package dev.sessions.auth.session;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.inject.Inject;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import dev.sessions.auth.support.Api;
import dev.sessions.auth.support.Api.Session;
import dev.sessions.auth.support.Registry;
import dev.sessions.auth.support.RegistryTestResource;
import dev.sessions.auth.support.ShortWindowsProfile;
import dev.sessions.contract.redis.RedisKeys;
import dev.sessions.contract.redis.RefreshChainFields;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Idle timeout, max lifetime and reuse grace of seconds ({@link ShortWindowsProfile}). */
@QuarkusTest
@TestProfile(ShortWindowsProfile.class)
@WithTestResource(value = RegistryTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class SessionLifetimeTest {

    private static final Duration IDLE = ShortWindowsProfile.IDLE_TIMEOUT;
    private static final Duration MAX = ShortWindowsProfile.MAX_LIFETIME;
    private static final Duration SECOND = Duration.ofSeconds(1);

    @Inject
    RedisDataSource redis;

    @Inject
    RedisKeys keys;

    @Test
    void aSessionWithoutRememberMeEndsAfterTheIdleTimeout() {
        Instant before = Instant.now();
        Session session = signedIn("idle", false);

        Map<String, Object> registered = currentSession(session);
        assertThat(registered).containsEntry("rememberMe", false);
        assertThat(Instant.parse((String) registered.get("expiresAt")))
                .isBetween(
                        before.plus(IDLE).minus(SECOND),
                        Instant.now().plus(IDLE).plus(SECOND));
        Instant deadline = Instant.parse((String) registered.get("expiresAt"));
        await().atMost(IDLE.multipliedBy(4))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> Instant.now().isAfter(deadline.plusMillis(200)));

        Api.postRefresh(session.address(), session.refreshCookie()).then().statusCode(401);
        // the chain ended with its session: a second try finds nothing to rotate either
        assertThat(redis.hash(String.class).hgetall(chainKey(session))).doesNotContainKey(RefreshChainFields.CURRENT);
    }

    @Test
    void refreshingKeepsASessionAlivePastTheIdleTimeoutButNotPastTheMaxLifetime() {
        Session first = signedIn("max", false);
        // the session began before this instant, and each refresh was decided after it was sent: sent-at minus this
        // bounds the session's age at a refresh from below, and a refresh after the max lifetime cannot succeed
        Instant signedInAt = Instant.now();
        AtomicReference<Session> current = new AtomicReference<>(first);
        AtomicReference<Instant> lastSuccess = new AtomicReference<>(signedInAt);

        // a refresh every quarter of the idle timeout keeps the session alive until the max lifetime ends it
        await().atMost(MAX.multipliedBy(3)).pollInterval(IDLE.dividedBy(4)).until(() -> {
            Instant sentAt = Instant.now();
            Response response = Api.postRefresh(first.address(), current.get().refreshCookie());
            if (response.statusCode() == 200) {
                current.set(Api.session(response, first.address()));
                lastSuccess.set(sentAt);
                return false;
            }
            return response.statusCode() == 401;
        });

        assertThat(Duration.between(signedInAt, lastSuccess.get())).isGreaterThan(IDLE);
        assertThat(Duration.between(signedInAt, lastSuccess.get())).isLessThanOrEqualTo(MAX);
    }

    @Test
    void aRememberMeCookieLivesExactlyTheMaxLifetime() {
        Instant before = Instant.now();
        Session session = signedIn("remember", true);

        Map<String, Object> registered = currentSession(session);
        assertThat(registered).containsEntry("rememberMe", true);
        assertThat(Instant.parse((String) registered.get("expiresAt")))
                .isBetween(
                        before.plus(MAX).minus(SECOND), Instant.now().plus(MAX).plus(SECOND));

        long maxAge = Long.parseLong(session.setCookie().replaceAll(".*Max-Age=(\\d+).*", "$1"));
        assertThat(maxAge).isBetween(MAX.toSeconds() - 2, MAX.toSeconds());
        // the chain lives in the session's hash (ADR 20), which the registry keeps a minute past the deadline
        long ttl = redis.key().pttl(chainKey(session));
        assertThat(ttl)
                .isBetween(
                        MAX.plusMinutes(1).toMillis() - 3_000,
                        MAX.plusMinutes(1).toMillis());
        Session refreshed = Api.refresh(session);
        assertThat(Long.parseLong(refreshed.setCookie().replaceAll(".*Max-Age=(\\d+).*", "$1")))
                .isLessThanOrEqualTo(maxAge);
    }

    @Test
    void anOldTokenAfterTheGraceWindowIsReuseAndEndsTheSession() {
        Session session = signedIn("reuse", true);
        Session rotated = Api.refresh(Api.refresh(session));

        await().atMost(ShortWindowsProfile.REUSE_GRACE.multipliedBy(10))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> Api.postRefresh(session.address(), session.refreshCookie())
                                .statusCode()
                        == 401);

        assertThat(Registry.check(rotated.accessToken())).isEqualTo(401);
        assertThat(Registry.check(session.accessToken())).isEqualTo(401);
        Api.postRefresh(rotated.address(), rotated.refreshCookie()).then().statusCode(401);
        assertThat(redis.key().exists(chainKey(session))).isFalse();
        // the registry records the end as auth-service asked for it; the history itself is e2e-tests' AuthHistoryIT
        assertThat(Registry.ending(session.sessionId()))
                .containsEntry("type", "REVOKED")
                .containsEntry("reason", "REFRESH_TOKEN_REUSE")
                .containsEntry("actorType", "SYSTEM");
    }

    private static Session signedIn(String label, boolean rememberMe) {
        String email = Api.email(label);
        Api.register(email);
        return Api.login(email, Api.PASSWORD, rememberMe);
    }

    private static Map<String, Object> currentSession(Session session) {
        return given().baseUri(Registry.url())
                .header("Authorization", Api.bearer(session.accessToken()))
                .get("/sessions/current")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getMap("");
    }

    private String chainKey(Session session) {
        return keys.session(session.sessionId());
    }
}
