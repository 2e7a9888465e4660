package dev.sessions.registry.session;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import dev.sessions.contract.redis.LuaScript;
import dev.sessions.contract.redis.RedisKeys;
import dev.sessions.registry.support.Api;
import dev.sessions.registry.support.TestEnvironment;
import dev.sessions.registry.support.Tokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The per-user session cap: opening a session beyond it ends the least recently active one (ties: the oldest
 * sign-in) as every revocation does (denylist, history, announcement); and a long own list is read in pages.
 */
@QuarkusTest
@WithTestResource(value = TestEnvironment.class, scope = TestResourceScope.GLOBAL)
class SessionCapTest {

    private static final int CAP = 3;

    @Inject
    RedisDataSource redis;

    @Inject
    RedisKeys keys;

    @Test
    void aSignInBeyondTheCapEndsTheLeastRecentlyActiveSession() {
        String uid = Api.newUserId();
        String oldest = open(uid, CAP);
        String second = open(uid, CAP);
        String third = open(uid, CAP);
        // the oldest sign-in was active most recently: the second one is now the least recently active
        activity(uid, oldest, Instant.now().plusSeconds(5));

        String fourth = open(uid, CAP);

        assertThat(check(uid, second)).isEqualTo(401);
        for (String live : List.of(oldest, third, fourth)) {
            assertThat(check(uid, live)).as("session %s", live).isEqualTo(204);
        }
        List<String> listed = Api.bearer(Tokens.user(uid, fourth))
                .get("/sessions")
                .then()
                .statusCode(200)
                .extract()
                .path("id");
        assertThat(listed).containsExactlyInAnyOrder(oldest, third, fourth);
        assertThat(redis.value(String.class).get(keys.revoked(second))).isEqualTo("SESSION_LIMIT");

        JsonPath history = await().atMost(Duration.ofSeconds(20))
                .until(
                        () -> Api.bearer(Tokens.user(uid, fourth))
                                .get("/sessions/history?limit=100")
                                .then()
                                .statusCode(200)
                                .extract()
                                .jsonPath(),
                        page -> page.getList("events.type").contains("REVOKED"));
        Map<String, Object> revoked = history.getList("events", Map.class).stream()
                .filter(event -> "REVOKED".equals(event.get("type")))
                .findFirst()
                .orElseThrow();
        assertThat(revoked.get("sessionId")).isEqualTo(second);
        assertThat(revoked.get("reason")).isEqualTo("SESSION_LIMIT");
        assertThat(((Map<?, ?>) revoked.get("actor")).get("type")).isEqualTo("SYSTEM");
    }

    @Test
    void amongEquallyActiveSessionsTheOldestSignInEnds() {
        String uid = Api.newUserId();
        String first = open(uid, CAP);
        String second = open(uid, CAP);
        String third = open(uid, CAP);
        // the one the index would list first among equals (by id) signed in later: the order must come from sign-in
        String older = first.compareTo(second) > 0 ? first : second;
        String newer = older.equals(first) ? second : first;
        Instant sameMoment = Instant.now().minusSeconds(60);
        activity(uid, older, sameMoment);
        activity(uid, newer, sameMoment);
        created(uid, older, sameMoment.minusSeconds(10));
        created(uid, newer, sameMoment.minusSeconds(5));

        open(uid, CAP);

        assertThat(check(uid, older)).isEqualTo(401);
        assertThat(check(uid, newer)).isEqualTo(204);
        assertThat(check(uid, third)).isEqualTo(204);
    }

    @Test
    void withoutACapNothingEnds() {
        String uid = Api.newUserId();
        List<String> sessions = List.of(open(uid, 0), open(uid, 0), open(uid, 0), open(uid, 0), open(uid, 0));

        for (String sid : sessions) {
            assertThat(check(uid, sid)).isEqualTo(204);
        }
    }

    @Test
    void aLongOwnListIsComplete() {
        String uid = Api.newUserId();
        String current = open(uid, 0);
        for (int i = 0; i < 249; i++) {
            open(uid, 0);
        }

        List<String> listed = Api.bearer(Tokens.user(uid, current))
                .get("/sessions")
                .then()
                .statusCode(200)
                .extract()
                .path("id");

        assertThat(listed).hasSize(250).doesNotHaveDuplicates().first().isEqualTo(current);
    }

    private static String open(String uid, int cap) {
        Instant max = Instant.now().plus(30, ChronoUnit.DAYS);
        Map<String, Object> body = new HashMap<>();
        body.put("userId", uid);
        body.put("userAgent", Api.CHROME_WINDOWS);
        body.put("ipAddress", "81.2.69.142");
        body.put("rememberMe", true);
        body.put("expiresAt", max.toString());
        body.put("maxExpiresAt", max.toString());
        body.put("maxSessions", cap);
        return Api.internal()
                .body(body)
                .post("/internal/sessions")
                .then()
                .statusCode(201)
                .extract()
                .path("sessionId");
    }

    @Test
    void aCapScriptNotGivenTheKeysOfASessionItMustEndWritesNothingAndAsksForThemAgain() {
        String uid = Api.newUserId();
        String existing = open(uid, 1);
        String bucket = RedisKeys.bucketOfUser(uid);

        // a sign-in that read the user's index before `existing` was added declares none of its keys
        String newcomer = RedisKeys.newSessionId(uid, new SecureRandom());
        assertThat(OPEN.run(redis.getReactive(), openKeys(uid, newcomer, List.of()), openArgs(uid, newcomer, List.of()))
                        .await()
                        .indefinitely()
                        .toLong())
                .isEqualTo(-3);
        assertThat(redis.key().exists(keys.session(newcomer))).isFalse();
        assertThat(redis.sortedSet(String.class).zscore(keys.userSessions(uid), newcomer))
                .isEmpty();
        assertThat(check(uid, existing)).isEqualTo(204);

        // read again, with its keys: the cap ends it
        List<String> ended = new ArrayList<>();
        OPEN.run(
                        redis.getReactive(),
                        openKeys(uid, newcomer, List.of(existing)),
                        openArgs(uid, newcomer, List.of(existing)))
                .await()
                .indefinitely()
                .forEach(item -> ended.add(item.toString()));
        assertThat(ended.subList(2, ended.size())).containsExactly(existing);
        assertThat(redis.value(String.class).get(keys.revoked(existing))).isEqualTo("SESSION_LIMIT");
        assertThat(redis.sortedSet(String.class).zscore(keys.userSessions(uid), newcomer))
                .isPresent();
        assertThat(redis.key().exists(keys.outbox(bucket))).isTrue();
    }

    private static final LuaScript OPEN = LuaScript.load("open_session", "end_session_lib");

    /** The keys open_session.lua is given for a sign-in whose caller read {@code candidates} from the index. */
    private List<String> openKeys(String uid, String sid, List<String> candidates) {
        String bucket = RedisKeys.bucketOfUser(uid);
        List<String> all = new ArrayList<>(List.of(
                keys.session(sid),
                keys.userSessions(uid),
                keys.expiryIndex(bucket),
                keys.outbox(bucket),
                keys.account(uid),
                keys.revokedIndex(bucket),
                keys.signIns(uid)));
        for (String candidate : candidates) {
            all.addAll(List.of(keys.session(candidate), keys.revoked(candidate), keys.refreshChain(candidate)));
        }
        return all;
    }

    /** The arguments of a plain sign-in capped at one session (see open_session.lua), without acknowledgements. */
    private static List<String> openArgs(String uid, String sid, List<String> candidates) {
        long now = System.currentTimeMillis();
        String deadline = Long.toString(now + 3_600_000);
        List<String> args =
                new ArrayList<>(List.of(uid, sid, Long.toString(now), deadline, deadline, "0", "81.2.69.142"));
        args.addAll(List.of("Computer", "Linux", "", "Firefox", "120", "", "", ""));
        args.addAll(List.of(UUID.randomUUID().toString(), "", "3600000", "", "1", "3600000", TestEnvironment.CHANNEL));
        args.addAll(List.of("", "", "0", "", "Computer/Linux/Firefox", "", "", Long.toString(now - 1), "3600000"));
        args.addAll(List.of("8", Integer.toString(candidates.size())));
        for (String candidate : candidates) {
            args.addAll(List.of(candidate, UUID.randomUUID().toString()));
        }
        return args;
    }

    /** Stored last activity, as the activity recorder writes it. */
    private void activity(String uid, String sid, Instant at) {
        redis.hash(String.class).hset(keys.session(sid), "l", Long.toString(at.toEpochMilli()));
        redis.sortedSet(String.class).zadd(keys.userSessions(uid), at.toEpochMilli(), sid);
    }

    private void created(String uid, String sid, Instant at) {
        redis.hash(String.class).hset(keys.session(sid), "c", Long.toString(at.toEpochMilli()));
    }

    private static int check(String uid, String sid) {
        return Api.bearer(Tokens.user(uid, sid)).get("/check").statusCode();
    }
}
