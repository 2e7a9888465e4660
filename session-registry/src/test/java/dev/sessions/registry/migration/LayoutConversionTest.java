package dev.sessions.registry.migration;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.redis.client.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import org.junit.jupiter.api.Test;

import dev.sessions.contract.redis.LayoutConversion;
import dev.sessions.contract.redis.RedisKeys;
import dev.sessions.contract.redis.RefreshChainFields;
import dev.sessions.registry.support.Api;
import dev.sessions.registry.support.TestEnvironment;
import dev.sessions.registry.support.Tokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;

/**
 * ADR 15: data written by the scripts of ADR 4's layout (copies in {@code src/test/resources/layout-v4/}) is converted
 * by {@code migrate-redis}, and today's code then lists, checks, refreshes and revokes the converted sessions (with
 * tokens that still name the old ids), still refuses the revoked one, and writes the undrained outbox to PostgreSQL
 * once; a dry run writes nothing, and a second run finds nothing to do. ADR 4's layout ran on standalone Redis only.
 */
@QuarkusTest
@WithTestResource(value = TestEnvironment.class, scope = TestResourceScope.GLOBAL)
class LayoutConversionTest {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String CHANNEL = "layout-v4-test";
    private static final long DENYLIST_TTL = Duration.ofHours(1).toMillis();
    private static final long OUTBOX_TTL = Duration.ofDays(7).toMillis();

    @Inject
    RedisDataSource redis;

    @Inject
    RedisKeys keys;

    @Inject
    Pool pool;

    @Inject
    LayoutConversionCommand command;

    @Test
    void sessionsDenylistChainsAndOutboxOfTheOldLayoutWorkAfterTheConversion() {
        String uid = Api.newUserId();
        long now = System.currentTimeMillis();
        long expiresAt = now + Duration.ofDays(1).toMillis();
        long maxExpiresAt = now + Duration.ofDays(30).toMillis();
        String kept = legacySessionId();
        String other = legacySessionId();
        String revoked = legacySessionId();
        List<String> signIns = new ArrayList<>();
        oldScript("account_change", List.of("acct:{u:" + uid + "}"), List.of("0", "user"));
        for (String sid : List.of(kept, other, revoked)) {
            signIns.add(oldOpen(uid, sid, now, expiresAt, maxExpiresAt));
        }
        String revocation = UUID.randomUUID().toString();
        oldScript(
                "end_sessions",
                List.of("sess:expiry", "revoked:index", "history:outbox"),
                List.of(
                        Long.toString(now),
                        Long.toString(DENYLIST_TTL),
                        CHANNEL,
                        Long.toString(OUTBOX_TTL),
                        "REVOKED",
                        "USER_REVOKED",
                        "USER",
                        uid,
                        uid,
                        "",
                        "session",
                        "",
                        "",
                        revoked,
                        revocation),
                "end_session_lib");
        String secretHash = "ab".repeat(32);
        oldScript(
                "refresh_create",
                List.of("rt:{s:" + kept + "}"),
                List.of(
                        uid,
                        "a@example.com",
                        "A",
                        "user",
                        "1",
                        Long.toString(now),
                        Long.toString(maxExpiresAt),
                        secretHash,
                        Long.toString(maxExpiresAt),
                        "0"));
        long sessionExpiry = expiryTime("sess:{u:" + uid + "}:" + kept);
        long denylistExpiry = expiryTime("revoked:" + revoked);
        Map<String, String> oldKeys = dumpOldKeys(uid, kept, other, revoked);

        List<String> dryRun = new ArrayList<>();
        Map<String, Integer> planned = conversion(dryRun).run(true);

        assertThat(dumpOldKeys(uid, kept, other, revoked)).isEqualTo(oldKeys);
        String keptId = RedisKeys.convertedSessionId(uid, kept);
        String otherId = RedisKeys.convertedSessionId(uid, other);
        String revokedId = RedisKeys.convertedSessionId(uid, revoked);
        assertThat(exists(keys.session(keptId))).isFalse();
        assertThat(exists(keys.legacySessionAlias(kept))).isFalse();
        assertThat(planned).containsEntry("sessions", 2).containsEntry("denylist entries", 1);
        assertThat(planned.get("outbox entries")).isGreaterThanOrEqualTo(4);
        assertThat(dryRun).anyMatch(line -> line.startsWith("Dry run: nothing is written."));
        assertThat(dryRun)
                .anyMatch(line -> line.contains("sess:{u:" + uid + "}:") && line.contains(" -> "))
                .anyMatch(line -> line.matches("sessions: +\\d+ would be converted"));

        assertThat(command.run(RegistryMain.MIGRATE_REDIS)).isZero();

        // TTLs carried over, and the chain and the alias its old cookie needs
        assertThat(expiryTime(keys.session(keptId))).isEqualTo(sessionExpiry);
        assertThat(expiryTime(keys.revoked(revokedId))).isEqualTo(denylistExpiry);
        // in today's chain format: short fields, the same hash in base64url, no empty link fields
        assertThat(redis.hash(String.class).hgetall(keys.refreshChain(keptId)))
                .containsEntry(RefreshChainFields.USER, uid)
                .containsEntry(RefreshChainFields.REMEMBER, "1")
                .containsEntry(RefreshChainFields.MAX_EXPIRES_AT, Long.toString(maxExpiresAt))
                .containsEntry(
                        RefreshChainFields.CURRENT,
                        Base64.getUrlEncoder()
                                .withoutPadding()
                                .encodeToString(HexFormat.of().parseHex(secretHash)))
                .doesNotContainKeys(
                        RefreshChainFields.PREVIOUS,
                        RefreshChainFields.LEGACY_OLDER,
                        RefreshChainFields.older(1),
                        RefreshChainFields.MFA);
        assertThat(expiryTime(keys.refreshChain(keptId))).isEqualTo(maxExpiresAt);
        assertThat(redis.value(String.class).get(keys.legacySessionAlias(kept))).isEqualTo(keptId);
        assertThat(expiryTime(keys.legacySessionAlias(kept))).isEqualTo(maxExpiresAt);
        assertThat(redis.hash(String.class).hget(keys.account(uid), "v")).isEqualTo("1");
        assertThat(exists("sess:{u:" + uid + "}:" + kept)).isFalse();
        assertThat(exists("rt:{s:" + kept + "}")).isFalse();

        // listed and checked with a token that still names the old id
        String oldToken = Tokens.user(uid, kept);
        Api.bearer(oldToken)
                .get("/sessions")
                .then()
                .statusCode(200)
                .body("id", containsInAnyOrder(keptId, otherId))
                .body("find { it.current }.id", equalTo(keptId));
        Api.bearer(oldToken).get("/check").then().statusCode(204);
        Api.bearer(Tokens.user(uid, keptId)).get("/check").then().statusCode(204);

        // the revoked session's tokens are still refused; its entry is where a registry that starts loads it from
        // (this one, running already, holds its lease and trusts what it loaded: LayoutConversionIT starts one after)
        Api.bearer(Tokens.user(uid, revoked)).get("/check").then().statusCode(401);
        assertThat(redis.value(String.class).get(keys.revoked(revokedId))).isEqualTo("USER_REVOKED");
        assertThat(redis.sortedSet(String.class).zscore(keys.revokedIndex(RedisKeys.bucketOfUser(uid)), revokedId))
                .hasValue((double) denylistExpiry);

        // refreshed, then revoked, by today's code
        Api.internal()
                .body(Map.of(
                        "ipAddress",
                        "81.2.69.142",
                        "expiresAt",
                        Instant.now().plus(2, ChronoUnit.DAYS).toString()))
                .post("/internal/sessions/" + keptId + "/refresh")
                .then()
                .statusCode(200)
                .body("userId", equalTo(uid));
        Api.bearer(oldToken).delete("/sessions/" + otherId).then().statusCode(204);
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> Api.bearer(Tokens.user(uid, other))
                        .get("/check")
                        .then()
                        .statusCode(401)
                        .header("X-Auth-Reason", "USER_REVOKED"));
        Api.bearer(oldToken).get("/sessions").then().statusCode(200).body("id", contains(keptId));

        // the undrained outbox reaches PostgreSQL once, under the sessions' new ids
        List<String> oldEvents = new ArrayList<>(signIns);
        oldEvents.add(revocation);
        await().atMost(Duration.ofSeconds(20)).until(() -> rowsOf(oldEvents).size() == oldEvents.size());
        assertThat(rowsOf(oldEvents))
                .allSatisfy(row -> assertThat(row.getLong("n")).isEqualTo(1L));
        assertThat(rowsOf(oldEvents))
                .extracting(row -> row.getString("session_id"))
                .containsOnly(keptId, otherId, revokedId);

        // a second run finds nothing of the old layout and changes nothing
        Map<String, String> session = redis.hash(String.class).hgetall(keys.session(keptId));
        List<String> again = new ArrayList<>();
        assertThat(conversion(again).run(false)).isEmpty();
        assertThat(again).contains("Nothing to convert: no key of ADR 4's layout is left.");
        assertThat(redis.hash(String.class).hgetall(keys.session(keptId))).isEqualTo(session);
        assertThat(expiryTime(keys.session(keptId))).isGreaterThan(sessionExpiry);
    }

    @Test
    void aDenylistEntryWhoseOwnerOnlyTheHistoryKnowsIsConverted() {
        String uid = Api.newUserId();
        String sid = legacySessionId();
        pool.preparedQuery("INSERT INTO registry.history_event (id, user_id, session_id, type, at, actor_type) "
                        + "VALUES ($1, $2, $3, 'SIGNED_IN', now(), 'USER')")
                .execute(Tuple.of(UUID.randomUUID(), uid, sid))
                .await()
                .indefinitely();
        redis.value(String.class).psetex("revoked:" + sid, DENYLIST_TTL, "ADMIN_REVOKED");

        conversion(new ArrayList<>()).run(false);

        String converted = RedisKeys.convertedSessionId(uid, sid);
        assertThat(redis.value(String.class).get(keys.revoked(converted))).isEqualTo("ADMIN_REVOKED");
        assertThat(redis.sortedSet(String.class).zscore(keys.revokedIndex(RedisKeys.bucketOfUser(uid)), converted))
                .isPresent();
        assertThat(redis.key().exists("revoked:" + sid)).isFalse();
    }

    private LayoutConversion conversion(List<String> out) {
        return new LayoutConversion(redis, keys, command::historyOwners, out::add, System.currentTimeMillis());
    }

    /** Opens a session as ADR 4's registry did; returns its SIGNED_IN event's id. */
    private String oldOpen(String uid, String sid, long now, long expiresAt, long maxExpiresAt) {
        String event = UUID.randomUUID().toString();
        oldScript(
                "open_session",
                List.of(
                        "sess:{u:" + uid + "}:" + sid,
                        "usess:{u:" + uid + "}",
                        "sidx:" + sid.substring(0, 2),
                        "sess:expiry",
                        "history:outbox",
                        "acct:{u:" + uid + "}",
                        "revoked:index",
                        "signins:{u:" + uid + "}"),
                List.of(
                        uid,
                        sid,
                        Long.toString(now),
                        Long.toString(expiresAt),
                        Long.toString(maxExpiresAt),
                        "1",
                        "81.2.69.142",
                        "Desktop",
                        "Windows",
                        "10",
                        "Chrome",
                        "120",
                        "London",
                        "United Kingdom",
                        "GB",
                        event,
                        Api.CHROME_WINDOWS,
                        Long.toString(OUTBOX_TTL),
                        Long.toString(Duration.ofDays(31).toMillis()),
                        "",
                        "0",
                        Long.toString(DENYLIST_TTL),
                        CHANNEL,
                        "",
                        "",
                        "0",
                        "",
                        "Chrome/Windows",
                        "GB",
                        "",
                        Long.toString(now - Duration.ofDays(90).toMillis()),
                        Long.toString(Duration.ofDays(90).toMillis())),
                "end_session_lib");
        return event;
    }

    private void oldScript(String name, List<String> scriptKeys, List<String> args, String... libraries) {
        StringBuilder source = new StringBuilder();
        for (String library : libraries) {
            source.append(resource(library)).append('\n');
        }
        source.append(resource(name));
        List<String> command = new ArrayList<>();
        command.add(source.toString());
        command.add(Integer.toString(scriptKeys.size()));
        command.addAll(scriptKeys);
        command.addAll(args);
        redis.execute("EVAL", command.toArray(String[]::new));
    }

    private static String resource(String name) {
        try (InputStream in = LayoutConversionTest.class.getResourceAsStream("/layout-v4/" + name + ".lua")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Map<String, String> dumpOldKeys(String uid, String... sids) {
        List<String> names = new ArrayList<>(List.of(
                "acct:{u:" + uid + "}",
                "usess:{u:" + uid + "}",
                "signins:{u:" + uid + "}",
                "sess:expiry",
                "revoked:index",
                "history:outbox"));
        for (String sid : sids) {
            names.add("sess:{u:" + uid + "}:" + sid);
            names.add("sidx:" + sid.substring(0, 2));
            names.add("revoked:" + sid);
            names.add("rt:{s:" + sid + "}");
        }
        Map<String, String> dump = new LinkedHashMap<>();
        for (String name : names) {
            Response value = redis.execute("DUMP", name);
            dump.put(name, value == null ? null : Base64.getEncoder().encodeToString(value.toBytes()));
            dump.put(name + " expires", Long.toString(expiryTime(name)));
        }
        return dump;
    }

    private List<Row> rowsOf(List<String> eventIds) {
        List<Row> rows = new ArrayList<>();
        pool.preparedQuery("SELECT id::text AS id, session_id, count(*) OVER (PARTITION BY id) AS n "
                        + "FROM registry.history_event WHERE id::text = ANY($1)")
                .execute(Tuple.of(eventIds.toArray(String[]::new)))
                .await()
                .indefinitely()
                .forEach(rows::add);
        return rows;
    }

    private boolean exists(String key) {
        return redis.key().exists(key);
    }

    private long expiryTime(String key) {
        return redis.execute("PEXPIRETIME", key).toLong();
    }

    private static String legacySessionId() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
