package dev.sessions.registry.migration;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import org.junit.jupiter.api.Test;

import dev.sessions.registry.support.JwksServer;
import dev.sessions.registry.support.RegistryProcess;
import dev.sessions.registry.support.TestEnvironment;
import dev.sessions.registry.support.Tokens;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ADR 15 as an operator runs it: the built registry's {@code migrate-redis --dry-run} and {@code migrate-redis} (what
 * {@code ./stack migrate-redis} runs) on data written by ADR 4's scripts, then a registry that starts afterwards
 * admits the converted session's old token and refuses the revoked one's with its reason (from the denylist it loads).
 */
class LayoutConversionIT {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String TOKEN = "it-internal-token-0123456789abcdef";

    @Test
    void theCommandConvertsWhatTheOldVersionWroteAndARegistryStartedAfterUsesIt() throws Exception {
        Vertx vertx = Vertx.vertx();
        JwksServer jwks = new JwksServer().start();
        try {
            Redis redis = Redis.createClient(
                    vertx,
                    TestEnvironment.redisUrl().orElse("redis://127.0.0.1:6379/" + TestEnvironment.REDIS_DATABASE));
            String uid = "u-" + UUID.randomUUID();
            String kept = legacySessionId();
            String revoked = legacySessionId();
            long now = System.currentTimeMillis();
            for (String sid : List.of(kept, revoked)) {
                oldOpen(redis, uid, sid, now);
            }
            List<String> end = new ArrayList<>(List.of(
                    "end_sessions",
                    "sess:expiry",
                    "revoked:index",
                    "history:outbox",
                    Long.toString(now),
                    "3600000",
                    "layout-v4-it",
                    "604800000",
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
                    UUID.randomUUID().toString()));
            eval(redis, 3, end, "end_session_lib");

            Map<String, String> environment = new HashMap<>();
            environment.put("INTERNAL_API_TOKEN", TOKEN);
            environment.put("REGISTRY_JWKS_URL", jwks.url());
            environment.put("REGISTRY_REVOCATION_CHANNEL", "revocations-it-" + UUID.randomUUID());
            TestEnvironment.redisUrl().ifPresent(url -> environment.put("QUARKUS_REDIS_HOSTS", url));

            try (RegistryProcess dryRun =
                    RegistryProcess.command("migrate-redis-dry-run", environment, "migrate-redis", "--dry-run")) {
                assertThat(dryRun.awaitExit(Duration.ofSeconds(180))).isZero();
                assertThat(dryRun.log()).contains("Dry run: nothing is written.", "would be converted");
            }
            assertThat(call(redis, "EXISTS", "sess:{u:" + uid + "}:" + kept).toInteger())
                    .isOne();

            try (RegistryProcess conversion = RegistryProcess.command("migrate-redis", environment, "migrate-redis")) {
                assertThat(conversion.awaitExit(Duration.ofSeconds(180))).isZero();
                assertThat(conversion.log()).contains("sessions:", "converted", "Done.");
            }
            assertThat(call(redis, "EXISTS", "sess:{u:" + uid + "}:" + kept).toInteger())
                    .isZero();

            try (RegistryProcess registry = RegistryProcess.start("registry-after-migrate-redis", environment)
                    .awaitReady()) {
                registry.given()
                        .header("Authorization", "Bearer " + Tokens.user(uid, kept))
                        .get("/check")
                        .then()
                        .statusCode(204);
                registry.given()
                        .header("Authorization", "Bearer " + Tokens.user(uid, revoked))
                        .get("/check")
                        .then()
                        .statusCode(401)
                        .header("X-Auth-Reason", "USER_REVOKED");
            }
        } finally {
            jwks.stop();
            vertx.close();
        }
    }

    private static void oldOpen(Redis redis, String uid, String sid, long now) {
        long day = Duration.ofDays(1).toMillis();
        List<String> args = new ArrayList<>(List.of(
                "open_session",
                "sess:{u:" + uid + "}:" + sid,
                "usess:{u:" + uid + "}",
                "sidx:" + sid.substring(0, 2),
                "sess:expiry",
                "history:outbox",
                "acct:{u:" + uid + "}",
                "revoked:index",
                "signins:{u:" + uid + "}"));
        args.addAll(List.of(
                uid,
                sid,
                Long.toString(now),
                Long.toString(now + day),
                Long.toString(now + 30 * day),
                "0",
                "81.2.69.142",
                "Desktop",
                "Windows",
                "10",
                "Chrome",
                "120",
                "",
                "",
                "",
                UUID.randomUUID().toString(),
                "",
                "604800000",
                "2678400000",
                "",
                "0",
                "3600000",
                "layout-v4-it",
                "",
                "",
                "0",
                "",
                "Chrome/Windows",
                "",
                "",
                Long.toString(now - 90 * day),
                Long.toString(90 * day)));
        eval(redis, 8, args, "end_session_lib");
    }

    /** Runs the old script named first in {@code nameKeysArgs}, with its libraries prepended as ADR 4's loader did. */
    private static void eval(Redis redis, int keyCount, List<String> nameKeysArgs, String... libraries) {
        StringBuilder source = new StringBuilder();
        for (String library : libraries) {
            source.append(resource(library)).append('\n');
        }
        source.append(resource(nameKeysArgs.get(0)));
        List<String> args = new ArrayList<>();
        args.add(source.toString());
        args.add(Integer.toString(keyCount));
        args.addAll(nameKeysArgs.subList(1, nameKeysArgs.size()));
        call(redis, "EVAL", args.toArray(String[]::new));
    }

    private static Response call(Redis redis, String command, String... args) {
        Request request = Request.cmd(Command.create(command));
        for (String arg : args) {
            request.arg(arg);
        }
        try {
            return redis.send(request).toCompletionStage().toCompletableFuture().get();
        } catch (Exception e) {
            throw new IllegalStateException(command + " failed", e);
        }
    }

    private static String resource(String name) {
        try (InputStream in = LayoutConversionIT.class.getResourceAsStream("/layout-v4/" + name + ".lua")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String legacySessionId() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
