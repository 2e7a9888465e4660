package dev.sessions.auth.metrics;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import dev.sessions.auth.mail.MailKind;
import dev.sessions.auth.support.Api;
import dev.sessions.auth.support.Api.Session;
import dev.sessions.auth.support.MailDevResource;
import dev.sessions.auth.support.Mfa;
import dev.sessions.auth.support.RefreshChains;
import dev.sessions.auth.support.RegistryTestResource;
import dev.sessions.auth.support.TotpCodes;
import dev.sessions.contract.redis.RedisKeys;
import dev.sessions.testing.PrometheusText;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** auth-service's metrics at /q/metrics: every contract name and label value, and what each result counts. */
@QuarkusTest
@WithTestResource(value = RegistryTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
@WithTestResource(value = MailDevResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class AuthMetricsTest {

    private static final String WRONG = "not the password at all";

    @Inject
    RedisDataSource redis;

    @Inject
    RedisKeys keys;

    @Test
    void everyContractMetricIsServedWithEveryLabelValueFromTheStart() {
        // a gauge that held its source weakly would read NaN once collected (the application runs in this JVM)
        System.gc();
        PrometheusText scrape = Api.metrics();

        for (String result : List.of("success", "failure", "throttled", "mfa_required", "deactivated")) {
            assertThat(scrape.has("auth_logins_total", Map.of("result", result)))
                    .as(result)
                    .isTrue();
        }
        for (String result : List.of("rotated", "grace", "reuse", "refused")) {
            assertThat(scrape.has("auth_refreshes_total", Map.of("result", result)))
                    .as(result)
                    .isTrue();
        }
        for (String by : List.of("step", "registry")) {
            assertThat(scrape.has("auth_refresh_extensions_total", Map.of("by", by)))
                    .as(by)
                    .isTrue();
        }
        for (MailKind kind : MailKind.values()) {
            assertThat(scrape.has("auth_mail_sent_total", Map.of("kind", String.valueOf(kind.template()))))
                    .as(kind.name())
                    .isEqualTo(kind.template() != null);
        }
        assertThat(scrape.type("auth_password_hash_queue")).isEqualTo("gauge");
        assertThat(scrape.sum("auth_password_hash_queue")).isGreaterThanOrEqualTo(0);
        assertThat(scrape.names())
                .contains(
                        "jvm_memory_used_bytes",
                        "http_server_requests_seconds_count",
                        "redis_commands_duration_seconds_count");
        assertThat(scrape.names().stream().filter(name -> name.startsWith("sql_pool_")))
                .as("sql_pool_* among %s", scrape.names())
                .isNotEmpty();
        assertThat(scrape.names().stream().filter(name -> name.startsWith("redis_pool_")))
                .as("redis_pool_* among %s", scrape.names())
                .isNotEmpty();
    }

    @Test
    void signInStepsAreCountedByResult() {
        String email = Api.email("metrics-login");
        String userId = Api.register(email);
        Session enrolled = Api.login(email);
        Mfa.Enrolled factor = Mfa.enroll(enrolled);
        String locked = Api.email("metrics-locked");
        Api.register(locked);
        String deactivated = Api.email("metrics-deactivated");
        String deactivatedId = Api.register(deactivated);
        Session admin = Api.login(adminEmail(), RegistryTestResource.ADMIN_PASSWORD, false);
        Api.from(admin.address())
                .header("Authorization", Api.bearer(admin.accessToken()))
                .post("/admin/users/" + deactivatedId + "/deactivate")
                .then()
                .statusCode(204);
        PrometheusText before = Api.metrics();

        String address = Api.address();
        String mfaToken = Mfa.firstStep(address, email, false);
        Mfa.secondStep(address, mfaToken, "000000").then().statusCode(401);
        Mfa.secondStep(address, mfaToken, TotpCodes.now(factor.secret(), 1))
                .then()
                .statusCode(200);
        Api.postLogin(Api.address(), Api.email("nobody"), WRONG, false).then().statusCode(401);
        for (int i = 0; i < 10; i++) {
            Api.postLogin(Api.address(), locked, WRONG, false).then().statusCode(401);
        }
        Api.postLogin(Api.address(), locked, Api.PASSWORD, false).then().statusCode(429);
        Api.postLogin(Api.address(), deactivated, Api.PASSWORD, false).then().statusCode(403);
        Api.postLogin(Api.address(), "", Api.PASSWORD, false).then().statusCode(400);

        PrometheusText after = Api.metrics();
        assertThat(logins(before, after, "mfa_required")).isEqualTo(1);
        assertThat(logins(before, after, "success")).isEqualTo(1);
        // the wrong code, the unknown account and ten wrong passwords; a bad request is no sign-in result
        assertThat(logins(before, after, "failure")).isEqualTo(12);
        assertThat(logins(before, after, "throttled")).isEqualTo(1);
        assertThat(logins(before, after, "deactivated")).isEqualTo(1);
        assertThat(userId).isNotBlank();
    }

    @Test
    void refreshesAreCountedByResult() {
        String email = Api.email("metrics-refresh");
        Api.register(email);
        Session t0 = Api.login(email);
        PrometheusText before = Api.metrics();

        Session t1 = Api.refresh(t0);
        Api.refresh(t0);
        Api.refresh(t1);
        Api.postRefresh(t0.address(), "not-a-cookie").then().statusCode(401);
        backdateRotations(t0, Duration.ofMinutes(1));
        Api.postRefresh(t0.address(), t0.refreshCookie()).then().statusCode(401);

        PrometheusText after = Api.metrics();
        assertThat(refreshes(before, after, "rotated")).isEqualTo(2);
        assertThat(refreshes(before, after, "grace")).isEqualTo(1);
        assertThat(refreshes(before, after, "reuse")).isEqualTo(1);
        assertThat(refreshes(before, after, "refused")).isEqualTo(1);
    }

    @Test
    void mailIsCountedByKindOnceTheServerAcceptedIt() {
        String email = Api.email("metrics-mail");
        Api.register(email);
        Session session = Api.login(email);
        Map<String, String> enabled = Map.of("kind", MailKind.MFA_ENABLED.template());
        PrometheusText before = Api.metrics();

        Mfa.enroll(session);

        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(Api.metrics().sum("auth_mail_sent_total", enabled)
                                - before.sum("auth_mail_sent_total", enabled))
                        .isGreaterThanOrEqualTo(1));
    }

    /** Moves the chain's rotations into the past, as if the clock had run on (as RefreshTest does). */
    private void backdateRotations(Session session, Duration by) {
        RefreshChains.backdate(redis, keys.session(session.sessionId()), by);
    }

    private static double logins(PrometheusText before, PrometheusText after, String result) {
        return after.sum("auth_logins_total", Map.of("result", result))
                - before.sum("auth_logins_total", Map.of("result", result));
    }

    private static double refreshes(PrometheusText before, PrometheusText after, String result) {
        return after.sum("auth_refreshes_total", Map.of("result", result))
                - before.sum("auth_refreshes_total", Map.of("result", result));
    }

    private static String adminEmail() {
        return ConfigProvider.getConfig().getValue("auth.bootstrap-admin.email", String.class);
    }
}
