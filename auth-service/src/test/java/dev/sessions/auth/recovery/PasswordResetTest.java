package dev.sessions.auth.recovery;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.sessions.auth.support.Api;
import dev.sessions.auth.support.Api.Session;
import dev.sessions.auth.support.MailBox;
import dev.sessions.auth.support.MailDevResource;
import dev.sessions.auth.support.Mfa;
import dev.sessions.auth.support.MovableClock;
import dev.sessions.auth.support.Registry;
import dev.sessions.auth.support.RegistryTestResource;
import dev.sessions.auth.support.TotpCodes;
import dev.sessions.contract.redis.RedisKeys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

/**
 * Password reset by emailed link, read back from a real SMTP server (MailDev): one answer for every email, single-use
 * tokens that expire and are voided by newer ones, throttles, and every session ended by a reset.
 */
@QuarkusTest
@WithTestResource(value = RegistryTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
@WithTestResource(value = MailDevResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class PasswordResetTest {

    private static final String NEW_PASSWORD = "a brand new passphrase";
    private static final Duration MAIL = Duration.ofSeconds(30);

    MailBox mailBox;

    @Inject
    Pool pool;

    @Inject
    MovableClock clock;

    @Inject
    ReactiveRedisDataSource redis;

    @Inject
    RedisKeys keys;

    @AfterEach
    void clockBack() {
        clock.reset();
    }

    @Test
    void everyWellFormedEmailGetsTheSameAnswerAndOnlyAnActiveAccountGetsMail() {
        String known = Api.email("known");
        Api.register(known);
        String deactivated = Api.email("deactivated");
        String deactivatedId = Api.register(deactivated);
        deactivate(deactivatedId);
        String unknown = Api.email("unknown");

        Response forKnown = forgot(known, Api.address());
        Response forDeactivated = forgot(deactivated, Api.address());
        Response forUnknown = forgot(unknown, Api.address());

        for (Response answer : List.of(forKnown, forDeactivated, forUnknown)) {
            answer.then().statusCode(202).contentType(ContentType.JSON);
        }
        assertThat(forDeactivated.asString()).isEqualTo(forKnown.asString());
        assertThat(forUnknown.asString()).isEqualTo(forKnown.asString());
        assertThat(forKnown.getHeaders().asList().stream().map(h -> h.getName()))
                .containsExactlyInAnyOrderElementsOf(forUnknown.getHeaders().asList().stream()
                        .map(h -> h.getName())
                        .toList());

        MailBox.Message link = awaitOne(known, "Reset your password");
        assertThat(link.text()).contains("http://console.test/reset-password#token=");
        assertThat(link.html()).contains("http://console.test/reset-password#token=");
        assertThat(link.resetToken()).hasSize(43);
        await().atMost(MAIL).until(() -> pendingRequests(List.of(deactivated, unknown)) == 0);
        assertThat(mailBox.to(deactivated)).isEmpty();
        assertThat(mailBox.to(unknown)).isEmpty();
    }

    @Test
    void theLinkSetsThePasswordEndsEverySessionAndIsRecorded() {
        String email = Api.email("reset");
        String userId = Api.register(email);
        Session first = Api.login(email);
        Session second = Api.login(email, Api.PASSWORD, true);
        long epochBefore = epoch(userId);

        forgot(email, Api.address()).then().statusCode(202);
        String token = awaitOne(email, "Reset your password").resetToken();
        String address = Api.address();
        reset(token, NEW_PASSWORD, address).then().statusCode(204);

        // ended before the answer: the registry was told, with the reason, by the user
        for (Session session : List.of(first, second)) {
            Map<String, Object> ending = Registry.ending(session.sessionId());
            assertThat(ending).containsEntry("reason", "PASSWORD_RESET").containsEntry("actorType", "USER");
            Api.postRefresh(session.address(), session.refreshCookie()).then().statusCode(401);
        }
        assertThat(epoch(userId)).isGreaterThan(epochBefore);
        assertThat(Registry.outbox(userId))
                .anySatisfy(entry -> assertThat(entry)
                        .containsEntry("type", "PASSWORD_RESET")
                        .containsEntry("actorType", "USER")
                        .containsEntry("actorId", userId)
                        .containsEntry("ip", address)
                        .doesNotContainKey("sessionId"));

        Api.postLogin(Api.address(), email, Api.PASSWORD, false).then().statusCode(401);
        Api.login(email, NEW_PASSWORD, false);
        MailBox.Message notice = awaitOne(email, "Your password was reset");
        assertThat(notice.text()).contains("signed out");
    }

    @Test
    void aSignInWithTheOldPasswordInFlightDuringTheResetOpensNoSession() throws Exception {
        String email = Api.email("in-flight");
        String userId = Api.register(email);
        Registry.holdOpen(userId);
        CompletableFuture<Response> signIn =
                CompletableFuture.supplyAsync(() -> Api.postLogin(Api.address(), email, Api.PASSWORD, false));
        try {
            // the old password is checked; the session is about to be opened
            await().atMost(MAIL).until(() -> Registry.openHeld(userId));
            forgot(email, Api.address()).then().statusCode(202);
            reset(awaitOne(email, "Reset your password").resetToken(), NEW_PASSWORD, Api.address())
                    .then()
                    .statusCode(204);
        } finally {
            Registry.releaseOpen(userId);
        }

        Response answer = signIn.get(30, TimeUnit.SECONDS);
        assertThat(answer.statusCode()).as(answer.asString()).isEqualTo(401);
        assertThat(answer.getCookie("refresh_token")).isNull();
    }

    @Test
    void aTokenWorksOnce() {
        String email = Api.email("once");
        Api.register(email);
        forgot(email, Api.address()).then().statusCode(202);
        String token = awaitOne(email, "Reset your password").resetToken();

        reset(token, NEW_PASSWORD, Api.address()).then().statusCode(204);
        reset(token, "yet another passphrase", Api.address())
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
        Api.login(email, NEW_PASSWORD, false);
    }

    @Test
    void twoFactorSignInStaysOnAfterAReset() {
        String email = Api.email("reset-mfa");
        Api.register(email);
        Mfa.Enrolled enrolled = Mfa.enroll(Api.login(email));
        forgot(email, Api.address()).then().statusCode(202);
        String token = awaitOne(email, "Reset your password").resetToken();

        reset(token, NEW_PASSWORD, Api.address()).then().statusCode(204);

        String address = Api.address();
        Response first = Api.postLogin(address, email, NEW_PASSWORD, false);
        first.then().statusCode(202).body("mfaRequired", equalTo(true));
        // the enrolment spent the current step's code: the next step's is the one a phone shows next
        Mfa.secondStep(address, first.path("mfaToken"), TotpCodes.now(enrolled.secret(), 1))
                .then()
                .statusCode(200);
    }

    @Test
    void aNewerLinkVoidsTheOlderOne() {
        String email = Api.email("newer");
        Api.register(email);
        forgot(email, Api.address()).then().statusCode(202);
        String older = awaitOne(email, "Reset your password").resetToken();
        forgot(email, Api.address()).then().statusCode(202);
        await().atMost(MAIL)
                .until(() -> mailBox.to(email, "Reset your password").size() == 2);
        String newer = mailBox.to(email, "Reset your password").stream()
                .map(MailBox.Message::resetToken)
                .filter(token -> !token.equals(older))
                .findFirst()
                .orElseThrow();

        reset(older, NEW_PASSWORD, Api.address()).then().statusCode(400);
        reset(newer, NEW_PASSWORD, Api.address()).then().statusCode(204);
    }

    @Test
    void anExpiredLinkIsRefused() {
        String email = Api.email("expired");
        Api.register(email);
        forgot(email, Api.address()).then().statusCode(202);
        String token = awaitOne(email, "Reset your password").resetToken();

        clock.advance(ttl().plusSeconds(1));
        reset(token, NEW_PASSWORD, Api.address()).then().statusCode(400);
        clock.reset();
        Api.login(email);
    }

    @Test
    void aWeakPasswordIsRefusedAndLeavesTheLinkUsable() {
        String email = Api.email("weak");
        Api.register(email);
        forgot(email, Api.address()).then().statusCode(202);
        String token = awaitOne(email, "Reset your password").resetToken();

        reset(token, "too short", Api.address()).then().statusCode(400).contentType("application/problem+json");
        reset(token, NEW_PASSWORD, Api.address()).then().statusCode(204);
    }

    @Test
    void malformedRequestsAre400() {
        forgot("not an email", Api.address()).then().statusCode(400).contentType("application/problem+json");
        Api.from(Api.address())
                .contentType(ContentType.JSON)
                .body("{")
                .post("/auth/password/forgot")
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
        reset("no-such-token", NEW_PASSWORD, Api.address()).then().statusCode(400);
        reset("A".repeat(43), NEW_PASSWORD, Api.address()).then().statusCode(400);
    }

    @Test
    void oneEmailIsThrottledWhateverTheAddress() {
        String email = Api.email("throttled-email");
        for (int i = 0; i < 5; i++) {
            forgot(email, Api.address()).then().statusCode(202);
        }
        forgot(email, Api.address())
                .then()
                .statusCode(429)
                .contentType("application/problem+json")
                .header("Retry-After", notNullValue());
        forgot(Api.email("other"), Api.address()).then().statusCode(202);
    }

    @Test
    void oneAddressBlockIsThrottledWhateverTheEmail() {
        String prefix = "2001:db8:" + Integer.toHexString((int) (Math.random() * 0xffff)) + ":1:";
        for (int i = 0; i < 20; i++) {
            forgot(Api.email("throttled-address"), prefix + ":" + Integer.toHexString(i + 1))
                    .then()
                    .statusCode(202);
        }
        // another address of the same /64
        forgot(Api.email("throttled-address"), prefix + ":ffff:1")
                .then()
                .statusCode(429)
                .header("Retry-After", notNullValue());
        forgot(Api.email("throttled-address"), Api.address()).then().statusCode(202);
    }

    @Test
    void aDeactivatedAccountCannotUseALinkIssuedBefore() {
        String email = Api.email("deactivated-later");
        String userId = Api.register(email);
        forgot(email, Api.address()).then().statusCode(202);
        String token = awaitOne(email, "Reset your password").resetToken();
        deactivate(userId);

        reset(token, NEW_PASSWORD, Api.address()).then().statusCode(400);
    }

    private MailBox.Message awaitOne(String email, String subject) {
        await().atMost(MAIL).until(() -> !mailBox.to(email, subject).isEmpty());
        List<MailBox.Message> found = mailBox.to(email, subject);
        return found.get(found.size() - 1);
    }

    private static Response forgot(String email, String address) {
        return Api.from(address)
                .contentType(ContentType.JSON)
                .body(Map.of("email", email))
                .post("/auth/password/forgot");
    }

    private static Response reset(String token, String password, String address) {
        return Api.from(address)
                .contentType(ContentType.JSON)
                .body(Map.of("token", token, "newPassword", password))
                .post("/auth/password/reset");
    }

    private static void deactivate(String userId) {
        Session admin = Api.login(
                ConfigProvider.getConfig().getValue("auth.bootstrap-admin.email", String.class),
                RegistryTestResource.ADMIN_PASSWORD,
                false);
        Api.from(admin.address())
                .header("Authorization", Api.bearer(admin.accessToken()))
                .post("/admin/users/" + userId + "/deactivate")
                .then()
                .statusCode(204);
    }

    private long pendingRequests(List<String> emails) {
        return pool.preparedQuery("SELECT count(*) FROM auth.mail_outbox WHERE kind = 'RESET_REQUEST' "
                        + "AND recipient = ANY($1)")
                .execute(Tuple.of(emails.toArray(String[]::new)))
                .await()
                .indefinitely()
                .iterator()
                .next()
                .getLong(0);
    }

    private long epoch(String userId) {
        String value =
                redis.hash(String.class).hget(keys.account(userId), "v").await().indefinitely();
        return value == null ? 0 : Long.parseLong(value);
    }

    private static Duration ttl() {
        return ConfigProvider.getConfig().getValue("auth.password-reset.ttl", Duration.class);
    }
}
