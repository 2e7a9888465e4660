package dev.sessions.auth.session;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import dev.sessions.auth.support.Api;
import dev.sessions.auth.support.Api.Session;
import dev.sessions.auth.support.Registry;
import dev.sessions.auth.support.RegistryTestResource;
import dev.sessions.contract.redis.LayoutConversion;
import dev.sessions.contract.redis.RedisKeys;
import dev.sessions.contract.redis.RefreshChainFields;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ADR 15: a refresh cookie issued under ADR 4's layout names a session id without a bucket; after
 * {@code migrate-redis} converted its chain (written here by a copy of the old {@code refresh_create.lua}), the cookie
 * still refreshes (and gets a cookie of the converted id), is answered in the grace window, and signs out.
 */
@QuarkusTest
@WithTestResource(value = RegistryTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class LegacyRefreshCookieTest {

    @Inject
    RedisDataSource redis;

    @Inject
    RedisKeys keys;

    @Test
    void aCookieOfTheOldLayoutRefreshesItsConvertedSessionAndSignsItOut() {
        Session session = signedInUnderTheOldLayout("legacy-cookie");
        String sid = session.sessionId();
        String oldCookie = sid.substring(2) + session.refreshCookie().substring(sid.length());

        Response refreshed = Api.postRefresh(session.address(), oldCookie);

        refreshed.then().statusCode(200);
        Session next = Api.session(refreshed, session.address());
        assertThat(next.sessionId()).isEqualTo(sid);
        assertThat(next.refreshCookie()).startsWith(sid + ".");
        assertThat(Registry.check(next.accessToken())).isEqualTo(204);
        assertThat(redis.key().exists(keys.refreshChain(sid))).isFalse();
        assertThat(redis.hash(String.class).hget(keys.session(sid), RefreshChainFields.CURRENT))
                .isNotNull();
        // a tab that sent the old cookie at the same time gets the same successor
        assertThat(Api.postRefresh(session.address(), oldCookie).getCookie("refresh_token"))
                .isEqualTo(next.refreshCookie());

        Api.from(session.address())
                .cookie("refresh_token", oldCookie)
                .header("Origin", "http://localhost:8080")
                .post("/auth/logout")
                .then()
                .statusCode(204);
        assertThat(Registry.check(next.accessToken())).isEqualTo(401);
        Api.postRefresh(session.address(), next.refreshCookie()).then().statusCode(401);
    }

    @Test
    void aCookieOfTheOldFormWithoutAConvertedChainIsRefused() {
        Session session = signedInUnderTheOldLayout("legacy-unknown");
        String forged = "A".repeat(RedisKeys.LEGACY_SESSION_ID_LENGTH)
                + session.refreshCookie().substring(session.sessionId().length());

        Api.postRefresh(session.address(), forged).then().statusCode(401);
    }

    /**
     * A session signed in now whose refresh chain is then put back the way ADR 4's auth-service wrote it (under the id
     * without its bucket) and converted: a session id of today is its user's bucket before 22 random characters, which
     * is what the conversion makes of an old id.
     */
    private Session signedInUnderTheOldLayout(String label) {
        String email = Api.email(label);
        Api.register(email);
        Session session = Api.login(email);
        // the chain as the session's hash holds it (ADR 20), taken out of it: ADR 4's chains had a key of their own
        String sessionKey = keys.session(session.sessionId());
        Map<String, String> fields = redis.hash(String.class).hgetall(sessionKey);
        String whole =
                RefreshChain.hash(RefreshToken.parse(session.refreshCookie()).orElseThrow());
        redis.hash(String.class).hdel(sessionKey, RefreshChainFields.inSession().toArray(String[]::new));
        String legacy = session.sessionId().substring(2);
        redis.execute(
                "EVAL",
                oldScript("refresh_create"),
                "1",
                "rt:{s:" + legacy + "}",
                fields.get(RefreshChainFields.USER),
                fields.get(RefreshChainFields.SESSION_EMAIL),
                fields.getOrDefault(RefreshChainFields.SESSION_NAME, ""),
                "user",
                fields.getOrDefault("r", "0"),
                fields.get("c"),
                fields.get("m"),
                // ADR 4's chains kept the whole hash, in hex
                HexFormat.of().formatHex(Base64.getUrlDecoder().decode(whole)),
                fields.get("e"),
                fields.getOrDefault("mfa", "0"));

        new LayoutConversion(redis, keys, ids -> Map.of(), line -> {}, System.currentTimeMillis()).run(false);

        // converted into a chain of its own key, which its first refresh moves into the session's hash
        assertThat(redis.hash(String.class).hget(keys.refreshChain(session.sessionId()), RefreshChainFields.CURRENT))
                .isEqualTo(whole);
        assertThat(List.of(redis.value(String.class).get(keys.legacySessionAlias(legacy))))
                .containsExactly(session.sessionId());
        return session;
    }

    private static String oldScript(String name) {
        try (InputStream in = LegacyRefreshCookieTest.class.getResourceAsStream("/layout-v4/" + name + ".lua")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
