package dev.sessions.registry.session;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import dev.sessions.contract.redis.RedisKeys;
import dev.sessions.registry.support.Api;
import dev.sessions.registry.support.TestEnvironment;
import dev.sessions.registry.support.Tokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

/**
 * Listing reads a page in one script call (ADR 18): what that call reads of each session, how it treats index members
 * whose session lapsed, and where the current session goes. Runs on the one-node cluster of ./stack test too.
 */
@QuarkusTest
@WithTestResource(value = TestEnvironment.class, scope = TestResourceScope.GLOBAL)
class SessionListingTest {

    @Inject
    RedisDataSource redis;

    @Inject
    RedisKeys keys;

    @Test
    void aListedSessionShowsFieldForFieldWhatItsOwnReadShows() {
        String uid = Api.newUserId();
        String first = Api.open(uid, Api.CHROME_WINDOWS, "81.2.69.142");
        String second = Api.open(uid, Api.SAFARI_IPHONE, "8.8.8.8");
        // values the sign-in path does not write in tests: more than ASCII, a colon and digits, flags, a second factor
        redis.hash(String.class)
                .hset(
                        keys.session(second),
                        Map.of(
                                "city", "Zürich 8001",
                                "cn", "Schweiz: Suisse",
                                "cc", "CH",
                                "ip", "2001:db8::1",
                                "fl", "NEW_DEVICE,NEW_COUNTRY",
                                "mfa", "1"));

        List<Map<String, Object>> listed = Api.bearer(Tokens.user(uid, first))
                .get("/sessions")
                .then()
                .statusCode(200)
                .body("id", contains(first, second))
                .extract()
                .jsonPath()
                .getList("$");
        assertThat(withoutCurrent(listed.get(0))).isEqualTo(withoutCurrent(current(uid, first)));
        assertThat(withoutCurrent(listed.get(1))).isEqualTo(withoutCurrent(current(uid, second)));
        assertThat(listed.get(1))
                .containsEntry("ipAddress", "2001:db8::1")
                .containsEntry("mfa", true)
                .containsEntry("flags", List.of("NEW_DEVICE", "NEW_COUNTRY"))
                .containsEntry(
                        "location", Map.of("city", "Zürich 8001", "country", "Schweiz: Suisse", "countryCode", "CH"));
    }

    @Test
    void aSessionWhoseHashLapsedIsLeftOutDroppedFromTheIndexAndItsPageFilledFromTheNextOnes() {
        String uid = Api.newUserId();
        List<String> opened = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            opened.add(Api.open(uid, Api.CHROME_WINDOWS, "81.2.69.142"));
        }
        Collections.reverse(opened);
        String lapsed = opened.remove(1);
        // the hash lapsed (its TTL) while the index still names it: the sweeper has not ended it yet
        redis.key().del(keys.session(lapsed));
        String admin = admin();

        List<String> seen = new ArrayList<>();
        for (int page = 0; page < 2; page++) {
            seen.addAll(Api.bearer(admin)
                    .get("/admin/users/" + uid + "/sessions?size=2&page=" + page)
                    .then()
                    .statusCode(200)
                    .header("X-Total-Count", "4")
                    .body("$", hasSize(2))
                    .extract()
                    .<List<String>>path("id"));
        }
        assertThat(seen).containsExactlyElementsOf(opened);
        assertThat(redis.sortedSet(String.class).zscore(keys.userSessions(uid), lapsed))
                .isEmpty();
    }

    @Test
    void aPagePastTheEndIsEmptyAndStillCountsTheSessions() {
        String uid = Api.newUserId();
        Api.open(uid, Api.CHROME_WINDOWS, "81.2.69.142");
        Api.open(uid, Api.CHROME_WINDOWS, "81.2.69.142");
        String admin = admin();
        for (String query : new String[] {"size=2&page=1", "size=1&page=2", "size=100&page=1000000"}) {
            Api.bearer(admin)
                    .get("/admin/users/" + uid + "/sessions?" + query)
                    .then()
                    .statusCode(200)
                    .header("X-Total-Count", "2")
                    .body("$", hasSize(0));
        }
    }

    @Test
    void theCurrentSessionComesFirstAndOnceAlsoWhenItRanksBeyondTheFirstBatch() {
        String uid = Api.newUserId();
        String current = Api.open(uid, Api.CHROME_WINDOWS, "81.2.69.142");
        // more sessions than one script reads (registry.sessions.list-batch-size, 100), all more recently active
        List<String> others = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            others.add(Api.open(uid, Api.SAFARI_IPHONE, "8.8.8.8"));
        }
        Collections.reverse(others);

        List<String> ids = Api.bearer(Tokens.user(uid, current))
                .get("/sessions")
                .then()
                .statusCode(200)
                .body("$", hasSize(121))
                .body("[0].current", equalTo(true))
                .extract()
                .path("id");
        assertThat(ids.get(0)).isEqualTo(current);
        assertThat(ids.subList(1, ids.size())).containsExactlyElementsOf(others);
        assertThat(new HashSet<>(ids)).hasSize(121);
    }

    private String admin() {
        String adminId = Api.newUserId();
        return Tokens.admin(adminId, Api.open(adminId, Api.CHROME_WINDOWS, "81.2.69.142"));
    }

    private static Map<String, Object> current(String uid, String sessionId) {
        return Api.bearer(Tokens.user(uid, sessionId))
                .get("/sessions/current")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getMap("$");
    }

    /** Without what differs by the call: whose token asked, and the activity that asking records. */
    private static Map<String, Object> withoutCurrent(Map<String, Object> session) {
        Map<String, Object> copy = new HashMap<>(session);
        copy.remove("current");
        copy.remove("lastActivityAt");
        return copy;
    }
}
