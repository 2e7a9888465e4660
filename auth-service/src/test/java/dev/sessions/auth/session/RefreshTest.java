package dev.sessions.auth.session;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;

import jakarta.inject.Inject;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import dev.sessions.auth.support.Api;
import dev.sessions.auth.support.Api.Session;
import dev.sessions.auth.support.RefreshChains;
import dev.sessions.auth.support.Registry;
import dev.sessions.auth.support.RegistryTestResource;
import dev.sessions.contract.redis.RedisKeys;
import dev.sessions.contract.redis.RefreshChainFields;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

/**
 * Refresh: rotation, racing tabs, grace window, unused successors, reuse, forged tokens, Origin rule, sessions the
 * registry ended or does not confirm.
 */
@QuarkusTest
@WithTestResource(value = RegistryTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class RefreshTest {

    @Inject
    RedisDataSource redis;

    @Inject
    RedisKeys keys;

    @Test
    void refreshRotatesTheCookieAndAnswersAWorkingAccessToken() {
        String email = Api.email("refresh");
        Api.register(email);
        Session first = Api.login(email);

        Session second = Api.refresh(first);

        assertThat(second.sessionId()).isEqualTo(first.sessionId());
        assertThat(second.refreshCookie()).isNotEqualTo(first.refreshCookie()).startsWith(first.sessionId() + ".");
        assertThat(second.accessToken()).isNotEqualTo(first.accessToken());
        assertThat(second.setCookie())
                .contains("; Path=/auth", "; HttpOnly", "; Secure", "; SameSite=Strict")
                .doesNotContain("Max-Age");
        assertThat(Registry.check(second.accessToken())).isEqualTo(204);
        Session third = Api.refresh(second);
        assertThat(third.refreshCookie()).isNotEqualTo(second.refreshCookie());
    }

    @Test
    void aRememberMeRefreshKeepsTheCookiesMaxAge() {
        String email = Api.email("refresh-remember");
        Api.register(email);
        Session first = Api.login(email, Api.PASSWORD, true);

        Session second = Api.refresh(first);

        long maxAge = Long.parseLong(second.setCookie().replaceAll(".*Max-Age=(\\d+).*", "$1"));
        assertThat(maxAge).isBetween(30L * 24 * 3600 - 60, 30L * 24 * 3600);
    }

    @Test
    void concurrentRefreshesWithOneCookieAllSucceedWithTheSameNewCookie() throws Exception {
        String email = Api.email("tabs");
        Api.register(email);
        Session session = Api.login(email);
        int tabs = 4;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(tabs);
        try {
            List<CompletableFuture<Response>> refreshes = IntStream.range(0, tabs)
                    .mapToObj(i -> CompletableFuture.supplyAsync(
                            () -> {
                                awaitQuietly(start);
                                return Api.postRefresh(session.address(), session.refreshCookie());
                            },
                            pool))
                    .toList();
            start.countDown();
            List<Response> answers =
                    refreshes.stream().map(CompletableFuture::join).toList();

            assertThat(answers).extracting(Response::statusCode).containsOnly(200);
            assertThat(answers)
                    .extracting(r -> r.getCookie("refresh_token"))
                    .containsOnly(answers.get(0).getCookie("refresh_token"));
            assertThat(answers).extracting(r -> (String) r.path("sessionId")).containsOnly(session.sessionId());
            Session next = Api.session(answers.get(0), session.address());
            assertThat(Registry.check(next.accessToken())).isEqualTo(204);
            assertThat(Api.refresh(next).refreshCookie()).isNotEqualTo(next.refreshCookie());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theSameCookieAgainInsideTheGraceWindowGetsTheSameSuccessor() {
        String email = Api.email("grace");
        Api.register(email);
        Session session = Api.login(email);

        Session first = Api.refresh(session);
        Session again = Api.refresh(session);

        assertThat(again.refreshCookie()).isEqualTo(first.refreshCookie());
        assertThat(Registry.check(again.accessToken())).isEqualTo(204);
        assertThat(Registry.check(session.accessToken())).isEqualTo(204);
    }

    @Test
    void aForgedTokenForALiveSessionIsRefusedWithoutRevokingIt() {
        String email = Api.email("forged");
        Api.register(email);
        Session session = Api.login(email);
        String forged = session.sessionId() + "." + "A".repeat(43);

        Api.postRefresh(session.address(), forged)
                .then()
                .statusCode(401)
                .contentType("application/problem+json")
                .header("Set-Cookie", containsString("Max-Age=0"));

        assertThat(Registry.check(session.accessToken())).isEqualTo(204);
        Api.refresh(session);
    }

    @Test
    void missingAndMalformedCookiesAre401() {
        Api.from(Api.address())
                .post("/auth/refresh")
                .then()
                .statusCode(401)
                .contentType("application/problem+json")
                .body("detail", equalTo("The refresh cookie is missing."));
        Api.postRefresh(Api.address(), "not-a-token").then().statusCode(401).contentType("application/problem+json");
        Api.postRefresh(Api.address(), "abc.def").then().statusCode(401).contentType("application/problem+json");
        Api.postRefresh(Api.address(), "unknownsession0000000." + "B".repeat(43))
                .then()
                .statusCode(401);
    }

    @Test
    void aCookieFromAForeignOriginIsRefused() {
        String email = Api.email("origin");
        Api.register(email);
        Session session = Api.login(email);

        Api.from(session.address())
                .cookie("refresh_token", session.refreshCookie())
                .header("Origin", "https://evil.example")
                .post("/auth/refresh")
                .then()
                .statusCode(403)
                .contentType("application/problem+json");
        Api.from(session.address())
                .cookie("refresh_token", session.refreshCookie())
                .header("Origin", "null")
                .post("/auth/refresh")
                .then()
                .statusCode(403)
                .contentType("application/problem+json");
        Response allowed = Api.from(session.address())
                .cookie("refresh_token", session.refreshCookie())
                .header("Origin", "http://localhost:8080")
                .post("/auth/refresh");

        allowed.then().statusCode(200);
    }

    @Test
    void aSessionTheRegistryEndedCannotRefreshEvenIfTheRevocationMessageWasMissed() {
        String email = Api.email("missed");
        Api.register(email);
        Session session = Api.login(email);
        String key = keys.session(session.sessionId());
        Map<String, String> chain = redis.hash(String.class).hgetall(key);
        long ttl = redis.key().pttl(key);

        given().baseUri(Registry.url())
                .header("Authorization", Api.bearer(session.accessToken()))
                .delete("/sessions/" + session.sessionId())
                .then()
                .statusCode(204);
        await().atMost(Duration.ofSeconds(10)).until(() -> !redis.key().exists(key));
        redis.hash(String.class).hset(key, chain);
        redis.key().pexpire(key, ttl);

        Api.postRefresh(session.address(), session.refreshCookie())
                .then()
                .statusCode(401)
                .contentType("application/problem+json");
        assertThat(redis.hash(String.class).hgetall(key)).doesNotContainKey(RefreshChainFields.CURRENT);
    }

    @Test
    void aRotatedTokenWhoseSuccessorWasNeverUsedYieldsThatSuccessorAfterTheGraceWindow() {
        Session t0 = signedIn("lost-answer");
        Session t1 = Api.refresh(t0);
        backdateRotations(t0, Duration.ofMinutes(1));

        Session again = answered(t0, t0.refreshCookie());

        assertThat(again.refreshCookie()).isEqualTo(t1.refreshCookie());
        assertThat(Registry.check(again.accessToken())).isEqualTo(204);
        assertThat(Api.refresh(again).refreshCookie()).isNotEqualTo(t1.refreshCookie());
    }

    @Test
    void onceItsSuccessorWasUsedARotatedTokenOutsideTheGraceWindowIsReuse() {
        Session t0 = signedIn("used-successor");
        Session t1 = Api.refresh(t0);
        Session t2 = Api.refresh(t1);
        backdateRotations(t0, Duration.ofMinutes(1));

        assertRevokedForReuse(t0, t0.refreshCookie(), t2);
    }

    @Test
    void anUnusedSuccessorIsYieldedOnlyUpToItsLimit() {
        Session t0 = signedIn("unused-limit");
        Session t1 = Api.refresh(t0);
        backdateRotations(t0, Duration.ofHours(25));

        assertRevokedForReuse(t0, t0.refreshCookie(), t1);
    }

    @Test
    void tabsRotationsBehindInsideTheGraceWindowGetTheCurrentLink() {
        List<Session> links = rotated("tabs-behind", 3);
        Session t0 = links.get(0);
        Session t1 = links.get(1);
        Session t3 = links.get(3);

        Session tabOneRotationBehind = answered(t1, t1.refreshCookie());
        Session tabTwoRotationsBehind = answered(t0, t0.refreshCookie());

        assertThat(tabOneRotationBehind.refreshCookie()).isEqualTo(t3.refreshCookie());
        assertThat(tabTwoRotationsBehind.refreshCookie()).isEqualTo(t3.refreshCookie());
        assertThat(Registry.check(tabOneRotationBehind.accessToken())).isEqualTo(204);
        assertThat(Registry.check(tabTwoRotationsBehind.accessToken())).isEqualTo(204);
        assertThat(Api.refresh(t3).refreshCookie()).isNotEqualTo(t3.refreshCookie());
    }

    @Test
    void aTabRotationsBehindOutsideTheGraceWindowIsReuse() {
        List<Session> links = rotated("tabs-behind-late", 3);
        backdateRotations(links.get(0), Duration.ofMinutes(1));

        assertRevokedForReuse(links.get(1), links.get(1).refreshCookie(), links.get(3));
    }

    @Test
    void aForgedCookieIsRefusedWithoutRevokingHoweverLongTheChain() {
        Session session = signedIn("forged-long");
        Session current = Api.refresh(session);

        Api.postRefresh(session.address(), session.sessionId() + "." + "A".repeat(43))
                .then()
                .statusCode(401)
                .contentType("application/problem+json");

        assertThat(Registry.check(current.accessToken())).isEqualTo(204);
        Api.refresh(current);
    }

    @Test
    void onlyTheKeptLinksAreKnownAnOlderGenuineTokenIsAPlain401() {
        List<Session> links = rotated("kept-links", RefreshTokenStore.KEPT_LINKS + 1);
        Session t0 = links.get(0);
        Session current = links.get(links.size() - 1);
        backdateRotations(t0, Duration.ofMinutes(1));

        Api.postRefresh(t0.address(), t0.refreshCookie())
                .then()
                .statusCode(401)
                .contentType("application/problem+json");
        assertThat(Registry.check(current.accessToken())).isEqualTo(204);

        Session oldestKept = links.get(1);
        assertRevokedForReuse(oldestKept, oldestKept.refreshCookie(), current);
    }

    @Test
    void aChainKeepsItsCurrentHashAndWhenItsLinksWerePresentedAndStaysAListpackHoweverOften() {
        List<Session> links = rotated("listpack-chain", RefreshTokenStore.KEPT_LINKS + 3);
        Session session = links.get(links.size() - 1);

        Map<String, String> chain = redis.hash(String.class).hgetall(chainKey(session));
        assertThat(redis.execute("OBJECT", "ENCODING", chainKey(session)).toString())
                .isEqualTo("listpack");
        assertThat(chain.get(RefreshChainFields.CURRENT))
                .isEqualTo(hash(session).substring(0, 22));
        // the newest time in full, the 7 before it relative to it: 8 links known, none of their hashes kept (ADR 20)
        assertThat(chain.get(RefreshChainFields.ROTATED_AT)).matches("[0-9a-z]{8}(,[0-9a-z]+){7}");
        assertThat(chain)
                .doesNotContainKeys(
                        RefreshChainFields.PREVIOUS,
                        RefreshChainFields.GENERATION,
                        RefreshChainFields.LEGACY_OLDER,
                        RefreshChainFields.older(1),
                        RefreshChainFields.older(RefreshChainFields.OLDER_LINKS));
    }

    @Test
    void aLinkPresentedMoreThanTheGraceWindowBeforeTheNewestKeepsNoTimeAndIsReuse() {
        List<Session> links = rotated("old-times", 2);
        backdateRotations(links.get(0), Duration.ofMinutes(1));
        Session t3 = Api.refresh(links.get(2));

        // t1 and t0 were presented more than the grace window before t2: their times are empty
        assertThat(redis.hash(String.class).hget(chainKey(t3), RefreshChainFields.ROTATED_AT))
                .matches("[0-9a-z]{8},,");
        assertRevokedForReuse(links.get(0), links.get(0).refreshCookie(), t3);
    }

    @Test
    void aChainWithItsOlderLinksInOneFieldStillKnowsThemAndIsRewrittenWhenATokenIsPresented() {
        List<Session> links = rotated("legacy-chain", 3);
        Session t0 = links.get(0);
        Session t3 = links.get(3);
        // as a chain written before one field a link: t1 and t0, whole hashes, space-separated in 'o'
        String key = chainKey(t0);
        writtenBefore(links, true);
        String legacy = redis.hash(String.class).hget(key, RefreshChainFields.older(1)) + " "
                + redis.hash(String.class).hget(key, RefreshChainFields.older(2));
        redis.hash(String.class).hdel(key, RefreshChainFields.older(1), RefreshChainFields.older(2));
        redis.hash(String.class).hset(key, RefreshChainFields.LEGACY_OLDER, legacy);

        // t0 is in the old field: a tab that far behind inside the grace window gets the current link
        assertThat(answered(t0, t0.refreshCookie()).refreshCookie()).isEqualTo(t3.refreshCookie());
        assertWrittenToday(key, 3);
        Session t4 = Api.refresh(t3);

        assertThat(Registry.check(t4.accessToken())).isEqualTo(204);
        backdateRotations(t0, Duration.ofMinutes(1));
        assertRevokedForReuse(t0, t0.refreshCookie(), t4);
    }

    @Test
    void aChainWithKeptHashesOfItsLinksStillKnowsThemAndIsRewrittenAtItsNextRotation() {
        List<Session> links = rotatedFourTimesAndWrittenBefore("kept-hash-chain", false);
        Session t0 = links.get(0);
        Session t3 = links.get(3);
        String key = chainKey(t0);

        Session t5 = Api.refresh(links.get(4));

        assertWrittenToday(key, 5);
        assertThat(redis.hash(String.class).hget(key, RefreshChainFields.CURRENT))
                .isEqualTo(hash(t5).substring(0, 22));
        // t3 and t0, two and five links behind, inside the grace window: answered with the current link
        assertThat(answered(t3, t3.refreshCookie()).refreshCookie()).isEqualTo(t5.refreshCookie());
        assertThat(answered(t0, t0.refreshCookie()).refreshCookie()).isEqualTo(t5.refreshCookie());
        backdateRotations(t0, Duration.ofMinutes(1));
        assertRevokedForReuse(t0, t0.refreshCookie(), t5);
    }

    @Test
    void aChainWithWholeHashesStillKnowsItsLinksAndIsRewrittenWhenATokenIsPresented() {
        List<Session> links = rotatedFourTimesAndWrittenBefore("whole-hash-chain", true);
        Session t0 = links.get(0);
        Session t3 = links.get(3);
        Session t4 = links.get(4);
        String key = chainKey(t0);

        // t3 (previous, whole) and t0 (oldest, whole) inside the grace window: answered with the current link
        assertThat(answered(t3, t3.refreshCookie()).refreshCookie()).isEqualTo(t4.refreshCookie());
        assertWrittenToday(key, 4);
        assertThat(answered(t0, t0.refreshCookie()).refreshCookie()).isEqualTo(t4.refreshCookie());
        Session t5 = Api.refresh(t4);

        assertThat(redis.hash(String.class).hget(key, RefreshChainFields.CURRENT))
                .isEqualTo(hash(t5).substring(0, 22));
        backdateRotations(t0, Duration.ofMinutes(1));
        assertRevokedForReuse(t0, t0.refreshCookie(), t5);
    }

    @Test
    void aChainWhoseUserTheRegistryDoesNotConfirmIsDroppedWithoutAToken() {
        Session session = signedIn("tampered-uid");
        redis.hash(String.class)
                .hset(
                        chainKey(session),
                        RefreshChainFields.USER,
                        UUID.randomUUID().toString());

        Api.postRefresh(session.address(), session.refreshCookie())
                .then()
                .statusCode(401)
                .contentType("application/problem+json")
                .body("accessToken", nullValue());

        assertThat(redis.hash(String.class).hgetall(chainKey(session))).doesNotContainKey(RefreshChainFields.CURRENT);
    }

    private static Session signedIn(String label) {
        String email = Api.email(label);
        Api.register(email);
        return Api.login(email);
    }

    /** A sign-in and each of its successors, refreshed {@code rotations} times in a row. */
    private static List<Session> rotated(String label, int rotations) {
        List<Session> links = new ArrayList<>(List.of(signedIn(label)));
        for (int i = 0; i < rotations; i++) {
            links.add(Api.refresh(links.get(links.size() - 1)));
        }
        return links;
    }

    /** A 200 token answer to this cookie. */
    private static Session answered(Session client, String cookie) {
        Response response = Api.postRefresh(client.address(), cookie);
        response.then().statusCode(200);
        return Api.session(response, client.address());
    }

    /** Moves the chain's rotations into the past, as if the clock had run on. */
    private void backdateRotations(Session session, Duration by) {
        RefreshChains.backdate(redis, chainKey(session), by);
    }

    private void assertRevokedForReuse(Session client, String cookie, Session current) {
        Api.postRefresh(client.address(), cookie)
                .then()
                .statusCode(401)
                .contentType("application/problem+json")
                .header("Set-Cookie", containsString("Max-Age=0"));
        assertThat(Registry.check(current.accessToken())).isEqualTo(401);
        assertThat(redis.key().exists(chainKey(current))).isFalse();
        Api.postRefresh(current.address(), current.refreshCookie()).then().statusCode(401);
    }

    /** The whole hash of a session's refresh cookie, as the chain's current link holds it. */
    private static String hash(Session session) {
        return RefreshChain.hash(RefreshToken.parse(session.refreshCookie()).orElseThrow());
    }

    /**
     * Rewrites the chain of these successive links as written before ADR 20, every rotated link's hash kept: the
     * previous one in {@code p} with its time in {@code t} (decimal), the older ones a field each; {@code whole}: as
     * before 128-bit kept hashes (whole hashes, {@code hash:rotatedAt} in decimal), else {@code hash.rotatedAt} (22
     * characters, base 36).
     */
    private void writtenBefore(List<Session> links, boolean whole) {
        String key = chainKey(links.get(0));
        int last = links.size() - 1;
        long now = System.currentTimeMillis();
        Map<String, String> old = new HashMap<>(Map.of(
                RefreshChainFields.CURRENT, hash(links.get(last)),
                RefreshChainFields.PREVIOUS, kept(hash(links.get(last - 1)), whole),
                RefreshChainFields.ROTATED_AT, Long.toString(now),
                RefreshChainFields.GENERATION, Integer.toString(last)));
        for (int n = 1; n <= Math.min(RefreshChainFields.OLDER_LINKS, last - 1); n++) {
            String linkHash = hash(links.get(last - 1 - n));
            old.put(RefreshChainFields.older(n), whole ? linkHash + ":" + now : RefreshChainFields.link(linkHash, now));
        }
        redis.hash(String.class).hset(key, old);
    }

    /** A sign-in refreshed four times, its chain then rewritten as written before ADR 20 ({@link #writtenBefore}). */
    private List<Session> rotatedFourTimesAndWrittenBefore(String label, boolean whole) {
        List<Session> links = rotated(label, 4);
        writtenBefore(links, whole);
        assertThat(redis.hash(String.class).hget(chainKey(links.get(0)), RefreshChainFields.older(3)))
                .matches(whole ? "[A-Za-z0-9_-]{43}:\\d{13}" : "[A-Za-z0-9_-]{22}\\.[0-9a-z]{8}");
        return links;
    }

    private static String kept(String hash, boolean whole) {
        return whole ? hash : RefreshChainFields.kept(hash);
    }

    /** The chain holds today's form: the times of its {@code known} rotated links, none of their hashes. */
    private void assertWrittenToday(String key, int known) {
        Map<String, String> chain = redis.hash(String.class).hgetall(key);
        assertThat(chain)
                .doesNotContainKeys(
                        RefreshChainFields.PREVIOUS,
                        RefreshChainFields.GENERATION,
                        RefreshChainFields.LEGACY_OLDER,
                        RefreshChainFields.older(1));
        assertThat(chain.get(RefreshChainFields.ROTATED_AT)).matches("[0-9a-z]{8}(,[0-9a-z]+){" + (known - 1) + "}");
    }

    private String chainKey(Session session) {
        return keys.session(session.sessionId());
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
