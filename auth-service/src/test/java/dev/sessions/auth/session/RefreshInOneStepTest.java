package dev.sessions.auth.session;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.inject.Inject;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import dev.sessions.auth.config.AuthConfig;
import dev.sessions.auth.support.Api;
import dev.sessions.auth.support.Api.Session;
import dev.sessions.auth.support.Registry;
import dev.sessions.auth.support.RegistryTestResource;
import dev.sessions.contract.internal.ClientHints;
import dev.sessions.contract.redis.RedisKeys;
import dev.sessions.contract.redis.RefreshChainFields;
import dev.sessions.contract.revocation.ChannelMessage;
import dev.sessions.testing.PrometheusText;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * ADR 19: a refresh from the session's own address, with a device that needs no reading, extends the live session in
 * the rotation's own step, without the registry; anything else (another address, new client hints, a session or
 * account the script does not find live, a cookie that names no user or another one) leaves the session to the
 * registry, as before. The session hash is written here as the registry writes it (its own module tests its script);
 * the registry of these tests holds its sessions in memory, so its last activity shows whether it was asked, and
 * writes no last activity {@code l} into the hash, so the hash's shows whether the step extended the session.
 */
@QuarkusTest
@WithTestResource(value = RegistryTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class RefreshInOneStepTest {

    private static final String HINTED_AGENT = Api.USER_AGENT;

    @Inject
    RedisDataSource redis;

    @Inject
    RedisKeys keys;

    @Inject
    AuthConfig config;

    /** The registry instances that keep the user's list read it again (ADR 22): the step announces its extension. */
    @Test
    void theExtensionIsAnnouncedOnTheRevocationChannel() {
        Session session = signedInWithSessionHash("one-step-announced");
        List<String> heard = new CopyOnWriteArrayList<>();
        var subscriber =
                redis.pubsub(String.class).subscribe(config.revocation().channel(), heard::add);
        try {
            Api.refresh(session);

            await().atMost(Duration.ofSeconds(5))
                    .untilAsserted(() -> assertThat(heard)
                            .map(message -> ChannelMessage.parse(message).orElse(null))
                            .contains(new ChannelMessage.Changed(session.sessionId(), session.userId())));
        } finally {
            subscriber.unsubscribe();
        }
    }

    @Test
    void aRefreshFromTheSessionsAddressExtendsItInTheRotationsStepWithoutTheRegistry() {
        Session session = signedInWithSessionHash("one-step");
        Object registryLastActive = Registry.session(session.sessionId()).get("lastActiveAt");
        PrometheusText metricsBefore = Api.metrics();
        long before = System.currentTimeMillis();

        Session next = Api.refresh(session);

        long after = System.currentTimeMillis();
        Map<String, String> hash = sessionHash(session);
        long deadline = Long.parseLong(hash.get("e"));
        long idle = config.session().idleTimeout().toMillis();
        assertThat(deadline).isBetween(before + idle, after + idle);
        assertThat(Long.parseLong(hash.get("l"))).isBetween(before, after);
        assertThat(redis.sortedSet(String.class)
                        .zscore(keys.userSessions(session.userId()), session.sessionId())
                        .orElseThrow())
                .isBetween((double) before, (double) after);
        assertThat(redis.sortedSet(String.class)
                        .zscore(keys.expiryIndex(RedisKeys.bucketOfSession(session.sessionId())), session.sessionId())
                        .orElseThrow())
                .isEqualTo((double) deadline);
        assertThat(redis.key().pttl(keys.session(session.sessionId())))
                .isGreaterThan(idle)
                .isLessThanOrEqualTo(idle + 60_000);
        assertThat(Registry.session(session.sessionId()).get("lastActiveAt"))
                .as("the registry was not asked")
                .isEqualTo(registryLastActive);
        assertThat(next.refreshCookie()).startsWith(session.sessionId() + "." + session.userId() + ".");
        assertThat(Registry.check(next.accessToken())).isEqualTo(204);
        assertThat(extensions(metricsBefore, Api.metrics(), "step")).isEqualTo(1);
        assertThat(Api.refresh(next).accessToken()).isNotBlank();
    }

    @Test
    void whileTheRegistryFailsARefreshFromTheSessionsAddressStillAnswersAndOneFromElsewhereIs503() {
        Session session = signedInWithSessionHash("registry-failing");
        Registry.internalCalls(false);
        try {
            Session next = Api.refresh(session);

            assertThat(next.accessToken()).isNotBlank();
            Api.postRefresh(Api.address(), next.refreshCookie())
                    .then()
                    .statusCode(503)
                    .contentType("application/problem+json");
        } finally {
            Registry.internalCalls(true);
        }
    }

    @Test
    void fromAnotherAddressTheRegistryExtendsItAndReadsTheNewPlace() {
        Session session = signedInWithSessionHash("new-address");
        String lastActive = sessionHash(session).get("l");
        String elsewhere = Api.address();
        PrometheusText metricsBefore = Api.metrics();

        Response response = Api.postRefresh(elsewhere, session.refreshCookie());

        response.then().statusCode(200);
        PrometheusText metricsAfter = Api.metrics();
        assertThat(extensions(metricsBefore, metricsAfter, "registry")).isEqualTo(1);
        assertThat(extensions(metricsBefore, metricsAfter, "step")).isZero();
        assertThat(Registry.session(session.sessionId()).get("ipAddress")).isEqualTo(elsewhere);
        assertThat(sessionHash(session).get("l")).as("not extended in the step").isEqualTo(lastActive);
    }

    @Test
    void newClientHintsGoToTheRegistryAndTheHintsItReadLastDoNot() {
        Session session = signedInWithSessionHash("hints");
        ClientHints read = new ClientHints("\"Chromium\";v=\"131\"", "?0", "\"Windows\"", "\"15.0.0\"", null, null);
        String lastActive = sessionHash(session).get("l");

        withHints(session, read).then().statusCode(200);
        assertThat(Registry.device(session.sessionId()))
                .containsEntry(
                        "clientHints",
                        Map.of(
                                "brands",
                                read.brands(),
                                "mobile",
                                read.mobile(),
                                "platform",
                                read.platform(),
                                "platformVersion",
                                read.platformVersion()));
        assertThat(sessionHash(session).get("l")).as("not extended in the step").isEqualTo(lastActive);

        // as the registry leaves it once it has read the device from these headers
        redis.hash(String.class).hset(keys.session(session.sessionId()), "dh", ClientHints.digest(HINTED_AGENT, read));
        Session current = Api.session(
                Api.postRefresh(session.address(), Api.refresh(session).refreshCookie()), session.address());
        Object registryLastActive = Registry.session(session.sessionId()).get("lastActiveAt");
        withHints(current, read).then().statusCode(200);
        assertThat(Registry.session(session.sessionId()).get("lastActiveAt"))
                .as("the same headers need no reading: the registry was not asked")
                .isEqualTo(registryLastActive);
    }

    @Test
    void aRevokedSessionADeactivatedAccountOrAnEndedDeadlineIsLeftToTheRegistry() {
        Session revoked = signedInWithSessionHash("revoked-hash");
        redis.value(String.class).psetex(keys.revoked(revoked.sessionId()), 60_000, "1");
        assertNotExtendedInTheStep(revoked);

        Session off = signedInWithSessionHash("off-account");
        redis.hash(String.class).hset(keys.account(off.userId()), "off", "1");
        String lastActive = sessionHash(off).get("l");
        // the registry finds the account deactivated too: the refresh is refused and the chain dropped
        Api.postRefresh(off.address(), off.refreshCookie()).then().statusCode(401);
        assertThat(sessionHash(off).get("l")).isEqualTo(lastActive);
        assertThat(sessionHash(off)).doesNotContainKey(RefreshChainFields.CURRENT);

        Session lapsed = signedInWithSessionHash("lapsed");
        redis.hash(String.class)
                .hset(keys.session(lapsed.sessionId()), "e", Long.toString(System.currentTimeMillis() - 1));
        assertNotExtendedInTheStep(lapsed);
    }

    @Test
    void aCookieThatNamesAnotherUserOrNoneIsLeftToTheRegistryAndItsSuccessorNamesTheChainsUser() {
        Session session = signedInWithSessionHash("other-user");
        RefreshToken genuine = RefreshToken.parse(session.refreshCookie()).orElseThrow();
        String stranger = sameBucketStranger(session.userId());
        String forged = new RefreshToken(session.sessionId(), stranger, genuine.secret()).value();
        String lastActive = sessionHash(session).get("l");

        Response response = Api.postRefresh(session.address(), forged);

        response.then().statusCode(200);
        assertThat(sessionHash(session).get("l")).as("not extended in the step").isEqualTo(lastActive);
        Session next = Api.session(response, session.address());
        assertThat(next.refreshCookie()).startsWith(session.sessionId() + "." + session.userId() + ".");
        assertThat(next.userId()).isEqualTo(session.userId());

        // a cookie from before the user was in it
        String unnamed = new RefreshToken(
                        session.sessionId(),
                        null,
                        RefreshToken.parse(next.refreshCookie()).orElseThrow().secret())
                .value();
        Response old = Api.postRefresh(session.address(), unnamed);
        old.then().statusCode(200);
        assertThat(sessionHash(session).get("l")).isEqualTo(lastActive);
        assertThat(Api.session(old, session.address()).refreshCookie())
                .startsWith(session.sessionId() + "." + session.userId() + ".");
    }

    private void assertNotExtendedInTheStep(Session session) {
        String lastActive = sessionHash(session).get("l");
        Object registryLastActive = Registry.session(session.sessionId()).get("lastActiveAt");
        Api.postRefresh(session.address(), session.refreshCookie()).then().statusCode(200);
        assertThat(sessionHash(session).get("l")).as("not extended in the step").isEqualTo(lastActive);
        assertThat(Registry.session(session.sessionId()).get("lastActiveAt"))
                .as("the registry was asked")
                .isNotEqualTo(registryLastActive);
    }

    private Response withHints(Session session, ClientHints hints) {
        return Api.from(session.address())
                .header("User-Agent", HINTED_AGENT)
                .header(ClientHints.BRANDS, hints.brands())
                .header(ClientHints.MOBILE, hints.mobile())
                .header(ClientHints.PLATFORM, hints.platform())
                .header(ClientHints.PLATFORM_VERSION, hints.platformVersion())
                .cookie("refresh_token", session.refreshCookie())
                .post("/auth/refresh");
    }

    /** A sign-in, and its session in Redis as the registry would have written it: live for an hour, from its address. */
    private Session signedInWithSessionHash(String label) {
        String email = Api.email(label);
        Api.register(email);
        Session session = Api.login(email);
        long now = System.currentTimeMillis();
        String key = keys.session(session.sessionId());
        redis.hash(String.class)
                .hset(
                        key,
                        Map.of(
                                "u", session.userId(),
                                "c", Long.toString(now),
                                "l", Long.toString(now),
                                "e", Long.toString(now + Duration.ofHours(1).toMillis()),
                                "m", Long.toString(now + Duration.ofDays(30).toMillis()),
                                "ip", session.address()));
        redis.key()
                .pexpireat(key, Instant.ofEpochMilli(now + Duration.ofHours(2).toMillis()));
        return session;
    }

    private Map<String, String> sessionHash(Session session) {
        return redis.hash(String.class).hgetall(keys.session(session.sessionId()));
    }

    private static double extensions(PrometheusText before, PrometheusText after, String by) {
        return after.sum("auth_refresh_extensions_total", Map.of("by", by))
                - before.sum("auth_refresh_extensions_total", Map.of("by", by));
    }

    private static String sameBucketStranger(String userId) {
        for (int i = 0; ; i++) {
            String candidate = "stranger-" + i;
            if (RedisKeys.bucketOfUser(candidate).equals(RedisKeys.bucketOfUser(userId))) {
                return candidate;
            }
        }
    }
}
