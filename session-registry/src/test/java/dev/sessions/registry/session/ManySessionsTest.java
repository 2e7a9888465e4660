package dev.sessions.registry.session;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

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
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

/** Users with very many sessions: pages come from the store, bulk revocation runs in batches. */
@QuarkusTest
@WithTestResource(value = TestEnvironment.class, scope = TestResourceScope.GLOBAL)
class ManySessionsTest {

    /**
     * Writes n sessions of one user the way open_session.lua lays them out (without history), in one call: session
     * ids of the user's bucket ({@link #sid}), keys under the prefix of the keys the application uses.
     */
    private static final String CREATE = """
            #!lua
            local uid, n, now = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3])
            local exp = now + 3600000
            for i = 1, n do
              local sid = string.format('%s%s%021d', ARGV[5], ARGV[4], i)
              local k = ARGV[6] .. sid
              redis.call('HSET', k, 'u', uid, 'c', now, 'l', now + i, 'e', exp, 'm', exp, 'r', '1', 'ip', '81.2.69.142',
                'dt', 'Computer', 'os', 'Linux', 'br', 'Firefox')
              redis.call('PEXPIREAT', k, exp)
              redis.call('ZADD', KEYS[1], now + i, sid)
            end
            redis.call('PEXPIREAT', KEYS[1], exp)
            return n
            """;

    @Inject
    RedisDataSource redis;

    @Inject
    RedisKeys keys;

    @Test
    void thirtyThousandSessionsArePagedFromTheStore() {
        String uid = Api.newUserId();
        create(uid, 30_000, "p");
        String adminId = Api.newUserId();
        String admin = Tokens.admin(adminId, Api.open(adminId, Api.CHROME_WINDOWS, "81.2.69.142"));

        Set<String> seen = new HashSet<>();
        for (int page = 0; page < 300; page++) {
            List<String> ids = Api.bearer(admin)
                    .get("/admin/users/" + uid + "/sessions?size=100&page=" + page)
                    .then()
                    .statusCode(200)
                    .header("X-Total-Count", "30000")
                    .body("$", hasSize(100))
                    .extract()
                    .path("id");
            if (page == 0) {
                assertThat(ids.get(0)).isEqualTo(sid(uid, "p", 30_000));
            }
            seen.addAll(ids);
        }
        assertThat(seen).hasSize(30_000);
        Api.bearer(admin)
                .get("/admin/users/" + uid + "/sessions?size=100&page=300")
                .then()
                .statusCode(200)
                .body("$", hasSize(0));
    }

    @Test
    void forceLogoutOfAUserWithManySessionsEndsThemAllInBatches() {
        String uid = Api.newUserId();
        create(uid, 1_200, "b");
        String adminId = Api.newUserId();
        String admin = Tokens.admin(adminId, Api.open(adminId, Api.CHROME_WINDOWS, "81.2.69.142"));

        Api.bearer(admin)
                .post("/admin/users/" + uid + "/logout")
                .then()
                .statusCode(200)
                .body("revoked", equalTo(1_200));

        Api.bearer(Tokens.user(uid, sid(uid, "b", 1))).get("/check").then().statusCode(401);
        Api.bearer(Tokens.user(uid, sid(uid, "b", 1_200))).get("/check").then().statusCode(401);
        assertThat(redis.key().exists(keys.userSessions(uid))).isFalse();
    }

    private void create(String uid, int n, String prefix) {
        String sessionKey = keys.session(sid(uid, prefix, 0));
        redis.execute(
                "EVAL",
                CREATE,
                "1",
                keys.userSessions(uid),
                uid,
                Integer.toString(n),
                Long.toString(System.currentTimeMillis()),
                prefix,
                RedisKeys.bucketOfUser(uid),
                sessionKey.substring(0, sessionKey.length() - RedisKeys.SESSION_ID_LENGTH));
    }

    /** The i-th session id {@link #CREATE} writes: the user's bucket, the prefix, i in 21 digits. */
    private static String sid(String uid, String prefix, int i) {
        return String.format("%s%s%021d", RedisKeys.bucketOfUser(uid), prefix, i);
    }
}
