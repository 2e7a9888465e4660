package dev.sessions.registry.session;

import java.time.Duration;

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
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;

/** Requests seen by the check move a session's last activity, written at most once a minute. */
@QuarkusTest
@WithTestResource(value = TestEnvironment.class, scope = TestResourceScope.GLOBAL)
class LastActivityTest {

    @Inject
    RedisDataSource redis;

    @Inject
    RedisKeys keys;

    @Test
    void aCheckedRequestMakesTheSessionTheMostRecentlyActive() {
        String uid = Api.newUserId();
        String older = Api.open(uid, Api.CHROME_WINDOWS, "81.2.69.142");
        String newer = Api.open(uid, Api.CHROME_WINDOWS, "81.2.69.142");
        String current = Api.open(uid, Api.SAFARI_IPHONE, "81.2.69.142");
        String key = keys.session(older);
        String createdAt = redis.hash(String.class).hget(key, "c");

        Api.bearer(Tokens.user(uid, older)).get("/check").then().statusCode(204);

        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> Api.bearer(Tokens.user(uid, current))
                        .get("/sessions")
                        .then()
                        .statusCode(200)
                        .body("id", contains(current, older, newer)));
        String firstWrite = redis.hash(String.class).hget(key, "l");
        assertThat(Long.parseLong(firstWrite)).isGreaterThan(Long.parseLong(createdAt));

        Api.bearer(Tokens.user(uid, older)).get("/check").then().statusCode(204);
        await().during(Duration.ofSeconds(2))
                .atMost(Duration.ofSeconds(4))
                .until(() -> firstWrite.equals(redis.hash(String.class).hget(key, "l")));
    }
}
