package dev.sessions.auth.mfa;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import dev.sessions.auth.support.Api;
import dev.sessions.auth.support.Api.Session;
import dev.sessions.auth.support.Mfa;
import dev.sessions.auth.support.Mfa.Enrolled;
import dev.sessions.auth.support.Registry;
import dev.sessions.auth.support.RegistryTestResource;
import dev.sessions.auth.support.TotpCodes;
import dev.sessions.contract.redis.RedisKeys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.nullValue;

/** Two-factor authentication: set-up, confirmation, the two-step sign-in and every rule of the contract. */
@QuarkusTest
@WithTestResource(value = RegistryTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class MfaTest {

    @Inject
    Pool pool;

    @Inject
    RedisDataSource redis;

    @Inject
    RedisKeys keys;

    @Test
    void setupNeedsThePasswordAndChangesNothingUntilConfirmed() {
        String email = Api.email("mfa-setup");
        Api.register(email);
        Session session = Api.login(email);

        Mfa.as(session)
                .body(Map.of("currentPassword", "wrong password!"))
                .post("/auth/mfa/totp/setup")
                .then()
                .statusCode(403)
                .contentType("application/problem+json");
        Mfa.as(session)
                .body(Map.of("currentPassword", Api.PASSWORD))
                .post("/auth/mfa/totp/setup")
                .then()
                .statusCode(200)
                .body("secret", matchesPattern("[A-Z2-7]{32}"))
                .body(
                        "otpauthUri",
                        matchesPattern("otpauth://totp/session-backend:"
                                + email.replace("@", "%40").replace(".", "\\.")
                                + "\\?secret=[A-Z2-7]{32}&issuer=session-backend&algorithm=SHA1&digits=6&period=30"));

        Mfa.as(session)
                .get("/auth/mfa")
                .then()
                .statusCode(200)
                .body("totp.enabled", equalTo(false))
                .body("totp.enabledAt", nullValue())
                .body("recoveryCodesLeft", equalTo(0));
        Api.postLogin(Api.address(), email, Api.PASSWORD, false).then().statusCode(200);
    }

    @Test
    void aNewSetupReplacesAnUnconfirmedOneAndOnlyItsCodesConfirm() {
        String email = Api.email("mfa-replace");
        String userId = Api.register(email);
        Session session = Api.login(email);
        String first = Mfa.setup(session);
        String second = Mfa.setup(session);

        Mfa.confirm(session, TotpCodes.now(first, 0)).then().statusCode(400);
        Mfa.confirm(session, TotpCodes.now(second, 3)).then().statusCode(400);
        Mfa.confirm(session, TotpCodes.now(second, -2)).then().statusCode(400);
        Response confirmed = Mfa.confirm(session, TotpCodes.now(second, 1));

        confirmed.then().statusCode(200);
        List<String> codes = confirmed.jsonPath().getList("recoveryCodes");
        assertThat(codes).hasSize(10).doesNotHaveDuplicates();
        Mfa.as(session)
                .get("/auth/mfa")
                .then()
                .body("totp.enabled", equalTo(true))
                .body("totp.enabledAt", matchesPattern("\\d{4}-.*Z"))
                .body("recoveryCodesLeft", equalTo(10));
        assertThat(Registry.outbox(userId))
                .filteredOn(e -> "MFA_ENABLED".equals(e.get("type")))
                .singleElement()
                .satisfies(e -> assertThat(e).containsEntry("sessionId", session.sessionId()));
        Mfa.as(session)
                .body(Map.of("currentPassword", Api.PASSWORD))
                .post("/auth/mfa/totp/setup")
                .then()
                .statusCode(409);
        Mfa.confirm(session, TotpCodes.now(second, 0)).then().statusCode(409);
    }

    @Test
    void secretsAndRecoveryCodesAreNotStoredAsTheyAre() {
        String email = Api.email("mfa-rest");
        String userId = Api.register(email);
        Enrolled enrolled = Mfa.enroll(Api.login(email));

        Row row = pool.preparedQuery("SELECT secret FROM auth.mfa_totp WHERE user_id = $1")
                .execute(Tuple.of(UUID.fromString(userId)))
                .await()
                .indefinitely()
                .iterator()
                .next();
        String stored = row.getString("secret");
        byte[] secret = TotpCodes.decode(enrolled.secret());
        assertThat(stored)
                .doesNotContain(enrolled.secret())
                .doesNotContain(Base64.getEncoder().encodeToString(secret))
                .doesNotContain(HexFormat.of().formatHex(secret));
        List<String> hashes = pool
                .preparedQuery("SELECT code_hash FROM auth.mfa_recovery_code WHERE user_id = $1")
                .execute(Tuple.of(UUID.fromString(userId)))
                .await()
                .indefinitely()
                .stream()
                .map(r -> r.getString("code_hash"))
                .toList();
        assertThat(hashes).hasSize(10);
        for (String code : enrolled.recoveryCodes()) {
            assertThat(hashes).noneMatch(hash -> hash.contains(code.replace("-", "")));
        }
    }

    @Test
    void theRightPasswordAloneAnswers202WithoutACookieOrSession() {
        String email = Api.email("mfa-202");
        Api.register(email);
        Mfa.enroll(Api.login(email));

        Response first = Api.postLogin(Api.address(), email, Api.PASSWORD, true);

        first.then()
                .statusCode(202)
                .header("Cache-Control", "no-store")
                .body("mfaRequired", equalTo(true))
                .body("expiresIn", equalTo(300))
                .body("methods", contains("totp", "recovery_code"))
                .body("accessToken", nullValue())
                .body("sessionId", nullValue());
        assertThat(first.getHeader("Set-Cookie")).isNull();
        String token = first.path("mfaToken");
        assertThat(token).hasSizeGreaterThanOrEqualTo(43);
        String key = keys.mfaChallenge(sha256(token));
        assertThat(redis.key().exists(keys.mfaChallenge(token)))
                .as("never stored as it is")
                .isFalse();
        assertThat(redis.key().pttl(key)).isBetween(1L, 300_000L);
        Api.postLogin(Api.address(), email, "wrong password!", false).then().statusCode(401);
    }

    @Test
    void aSecondFactorOpensTheSessionWithAmrOtpKeptAcrossRefreshes() {
        String email = Api.email("mfa-amr");
        Api.register(email);
        Session plain = Api.login(email);
        assertThat(amr(plain.accessToken())).containsExactly("pwd");
        assertThat(Registry.mfa(plain.sessionId())).isFalse();
        Enrolled enrolled = Mfa.enroll(plain);
        String address = Api.address();
        String token = Mfa.firstStep(address, email, true);

        Response second = Mfa.secondStep(address, token, TotpCodes.now(enrolled.secret(), 1));

        second.then().statusCode(200).header("Cache-Control", "no-store");
        Session session = Api.session(second, address);
        assertThat(session.setCookie()).contains("Max-Age=");
        assertThat(amr(session.accessToken())).containsExactly("pwd", "otp");
        assertThat(Registry.mfa(session.sessionId())).isTrue();
        assertThat(Registry.check(session.accessToken())).isEqualTo(204);
        Session refreshed = Api.refresh(session);
        assertThat(amr(refreshed.accessToken())).containsExactly("pwd", "otp");
        Mfa.secondStep(address, token, enrolled.recoveryCodes().get(0))
                .then()
                .statusCode(401)
                .contentType("application/problem+json");
    }

    @Test
    void aCodeIsAcceptedOnceEvenInItsWindow() {
        String email = Api.email("mfa-replay");
        Api.register(email);
        Enrolled enrolled = Mfa.enroll(Api.login(email));
        String code = TotpCodes.now(enrolled.secret(), 1);
        Mfa.login(email, code);

        String address = Api.address();
        Mfa.secondStep(address, Mfa.firstStep(address, email, false), code)
                .then()
                .statusCode(401)
                .body("detail", equalTo("The code is wrong."));
    }

    @Test
    void aRecoveryCodeWorksOnceInAnyCase() {
        String email = Api.email("mfa-recovery");
        String userId = Api.register(email);
        Session first = Api.login(email);
        Enrolled enrolled = Mfa.enroll(first);
        String code = enrolled.recoveryCodes().get(3);

        Session session = Mfa.login(email, code.toUpperCase().replace("-", " "));

        assertThat(amr(session.accessToken())).containsExactly("pwd", "otp");
        assertThat(Registry.outbox(userId))
                .filteredOn(e -> "RECOVERY_CODE_USED".equals(e.get("type")))
                .singleElement()
                .satisfies(e -> assertThat(e).containsEntry("sessionId", session.sessionId()));
        Mfa.as(session).get("/auth/mfa").then().body("recoveryCodesLeft", equalTo(9));
        String address = Api.address();
        Mfa.secondStep(address, Mfa.firstStep(address, email, false), code)
                .then()
                .statusCode(401);
    }

    @Test
    void theSecondStepIsVoidAfterFiveWrongCodes() {
        String email = Api.email("mfa-five");
        Api.register(email);
        Enrolled enrolled = Mfa.enroll(Api.login(email));
        String address = Api.address();
        String token = Mfa.firstStep(address, email, false);

        for (int i = 0; i < 5; i++) {
            Mfa.secondStep(address, token, "000000").then().statusCode(401);
        }

        Mfa.secondStep(address, token, enrolled.recoveryCodes().get(0))
                .then()
                .statusCode(401)
                .body("detail", equalTo("This sign-in has expired or was already used; sign in again."));
        Mfa.login(email, enrolled.recoveryCodes().get(0));
    }

    @Test
    void wrongCodesCountAsFailedSignInsOfTheAccountAndThePasswordForgivesNone() {
        String email = Api.email("mfa-throttle");
        String userId = Api.register(email);
        Enrolled enrolled = Mfa.enroll(Api.login(email));
        int limit = ConfigProvider.getConfig().getValue("auth.login.max-failures-per-account", Integer.class);

        for (int i = 0; i < limit; i++) {
            // a fresh first step (the right password) between the wrong codes: it must not reset the count
            String address = Api.address();
            Mfa.secondStep(address, Mfa.firstStep(address, email, false), "000000")
                    .then()
                    .statusCode(401);
        }

        Response refused = Api.postLogin(Api.address(), email, Api.PASSWORD, false);
        refused.then().statusCode(429).contentType("application/problem+json");
        assertThat(Long.parseLong(refused.getHeader("Retry-After"))).isPositive();
        assertThat(Registry.outbox(userId))
                .filteredOn(e -> "SIGN_IN_FAILED".equals(e.get("type")))
                .hasSize(limit);
        assertThat(enrolled.recoveryCodes()).hasSize(10);
    }

    @Test
    void aDeactivationBetweenTheStepsHolds() {
        String email = Api.email("mfa-deactivated");
        String userId = Api.register(email);
        Enrolled enrolled = Mfa.enroll(Api.login(email));
        String address = Api.address();
        String token = Mfa.firstStep(address, email, false);
        Session admin = Api.login(
                ConfigProvider.getConfig().getValue("auth.bootstrap-admin.email", String.class),
                RegistryTestResource.ADMIN_PASSWORD,
                false);
        Api.from(admin.address())
                .header("Authorization", Api.bearer(admin.accessToken()))
                .post("/admin/users/" + userId + "/deactivate")
                .then()
                .statusCode(204);

        Mfa.secondStep(address, token, enrolled.recoveryCodes().get(0))
                .then()
                .statusCode(403)
                .contentType("application/problem+json");
    }

    @Test
    void turningOffNeedsThePasswordAndACode() {
        String email = Api.email("mfa-off");
        String userId = Api.register(email);
        Session session = Api.login(email);
        Enrolled enrolled = Mfa.enroll(session);

        disable(session, "wrong password!", enrolled.recoveryCodes().get(0))
                .then()
                .statusCode(403);
        disable(session, Api.PASSWORD, "000000").then().statusCode(403);
        disable(session, Api.PASSWORD, "aaaaa-aaaaa").then().statusCode(403);
        disable(session, Api.PASSWORD, enrolled.recoveryCodes().get(1)).then().statusCode(204);

        Mfa.as(session).get("/auth/mfa").then().body("totp.enabled", equalTo(false));
        assertThat(Registry.outbox(userId))
                .filteredOn(
                        e -> e.get("type").startsWith("MFA_") || e.get("type").startsWith("RECOVERY"))
                .extracting(e -> e.get("type") + "@" + e.get("sessionId"))
                .containsExactly(
                        "MFA_ENABLED@" + session.sessionId(),
                        "RECOVERY_CODE_USED@" + session.sessionId(),
                        "MFA_DISABLED@" + session.sessionId());
        Api.postLogin(Api.address(), email, Api.PASSWORD, false).then().statusCode(200);
        disable(session, Api.PASSWORD, enrolled.recoveryCodes().get(2)).then().statusCode(409);
    }

    @Test
    void newRecoveryCodesNeedATotpCodeAndVoidTheOldOnes() {
        String email = Api.email("mfa-newcodes");
        Api.register(email);
        Session session = Api.login(email);
        Enrolled enrolled = Mfa.enroll(session);

        Mfa.as(session)
                .body(Map.of("code", enrolled.recoveryCodes().get(0)))
                .post("/auth/mfa/recovery-codes")
                .then()
                .statusCode(403);
        Mfa.as(session)
                .body(Map.of("code", "000000"))
                .post("/auth/mfa/recovery-codes")
                .then()
                .statusCode(403);
        List<String> fresh = Mfa.as(session)
                .body(Map.of("code", TotpCodes.now(enrolled.secret(), 1)))
                .post("/auth/mfa/recovery-codes")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("recoveryCodes");

        assertThat(fresh).hasSize(10).doesNotContainAnyElementsOf(enrolled.recoveryCodes());
        String address = Api.address();
        Mfa.secondStep(
                        address,
                        Mfa.firstStep(address, email, false),
                        enrolled.recoveryCodes().get(0))
                .then()
                .statusCode(401);
        Mfa.login(email, fresh.get(0));
    }

    @Test
    void everyEndpointNeedsAValidBearerTokenAndABody() {
        Api.from(Api.address()).get("/auth/mfa").then().statusCode(401);
        Api.from(Api.address())
                .contentType(ContentType.JSON)
                .body(Map.of("currentPassword", Api.PASSWORD))
                .post("/auth/mfa/totp/setup")
                .then()
                .statusCode(401);
        String email = Api.email("mfa-bodies");
        Api.register(email);
        Session session = Api.login(email);
        Mfa.as(session).body("{}").post("/auth/mfa/totp/setup").then().statusCode(400);
        Mfa.as(session).body("{}").post("/auth/mfa/totp/confirm").then().statusCode(400);
        Mfa.as(session)
                .body(Map.of("code", "123456"))
                .post("/auth/mfa/totp/confirm")
                .then()
                .statusCode(400);
        Mfa.secondStep(Api.address(), "no-such-token", "123456").then().statusCode(401);
        Api.from(Api.address())
                .contentType(ContentType.JSON)
                .body("{\"mfaToken\":\"x\"}")
                .post("/auth/login/mfa")
                .then()
                .statusCode(400);
    }

    @Test
    void everyTwoFactorOperationIsDocumented() {
        io.restassured.path.json.JsonPath doc = io.restassured.RestAssured.given()
                .queryParam("format", "json")
                .get("/q/openapi")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();

        assertThat(doc.getMap("paths.'/auth/mfa'.get.responses")).containsKeys("200", "401");
        assertThat(doc.getMap("paths.'/auth/mfa/totp/setup'.post.responses"))
                .containsKeys("200", "400", "401", "403", "409", "429");
        assertThat(doc.getMap("paths.'/auth/mfa/totp/confirm'.post.responses"))
                .containsKeys("200", "400", "401", "409");
        assertThat(doc.getMap("paths.'/auth/mfa/totp'.delete.responses")).containsKeys("204", "401", "403", "409");
        assertThat(doc.getMap("paths.'/auth/mfa/recovery-codes'.post.responses"))
                .containsKeys("200", "401", "403");
        assertThat(doc.getMap("paths.'/auth/login/mfa'.post.responses")).containsKeys("200", "400", "401", "429");
        assertThat(doc.getMap("paths.'/auth/login'.post.responses")).containsKey("202");
        for (String path : List.of("/auth/mfa", "/auth/mfa/totp/setup", "/auth/login/mfa")) {
            Map<String, Map<String, Object>> operations = doc.getMap("paths.'" + path + "'");
            operations.values().forEach(op -> assertThat(op).containsKey("summary"));
        }
        assertThat(doc.getList("paths.'/auth/mfa'.get.security", Map.class)).isNotEmpty();
    }

    private static Response disable(Session session, String password, String code) {
        return Mfa.as(session)
                .body(Map.of("currentPassword", password, "code", code))
                .delete("/auth/mfa/totp");
    }

    private static List<String> amr(String accessToken) {
        String payload = new String(Base64.getUrlDecoder().decode(accessToken.split("\\.")[1]), StandardCharsets.UTF_8);
        return io.restassured.path.json.JsonPath.from(payload).getList("amr");
    }

    private static String sha256(String value) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
