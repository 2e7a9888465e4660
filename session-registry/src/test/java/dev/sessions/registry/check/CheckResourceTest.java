package dev.sessions.registry.check;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

import dev.sessions.registry.security.AccessToken;
import dev.sessions.registry.security.AccessTokenVerifier;
import dev.sessions.registry.support.Api;
import dev.sessions.registry.support.TestEnvironment;
import dev.sessions.registry.support.TestKeys;
import dev.sessions.registry.support.Tokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

/** The gateway's check and RFC 7662 introspection. */
@QuarkusTest
@WithTestResource(value = TestEnvironment.class, scope = TestResourceScope.GLOBAL)
class CheckResourceTest {

    @Inject
    AccessTokenVerifier verifier;

    @Test
    void validTokenOfLiveSessionPassesWithIdentityHeaders() {
        String uid = Api.newUserId();
        String sid = Api.open(uid, Api.CHROME_WINDOWS, "81.2.69.142");
        Api.bearer(Tokens.admin(uid, sid))
                .get("/check")
                .then()
                .statusCode(204)
                .header("X-Auth-User", uid)
                .header("X-Auth-Session", sid)
                .header("X-Auth-Roles", anyOf(equalTo("user,admin"), equalTo("admin,user")))
                .header("Cache-Control", "no-store");
    }

    @Test
    void es256TokensPassToo() {
        String uid = Api.newUserId();
        String sid = Api.open(uid, Api.CHROME_WINDOWS, "81.2.69.142");
        Api.bearer(Tokens.es256(uid, sid)).get("/check").then().statusCode(204).header("X-Auth-Roles", "user");
    }

    @Test
    void edDsaTokensPassAndATamperedOneDoesNot() {
        String uid = Api.newUserId();
        String sid = Api.open(uid, Api.CHROME_WINDOWS, "81.2.69.142");
        String token = Tokens.edDsa(uid, sid);
        Api.bearer(token).get("/check").then().statusCode(204).header("X-Auth-User", uid);

        String[] parts = token.split("\\.");
        byte[] signature = Base64.getUrlDecoder().decode(parts[2]);
        signature[signature.length - 1] ^= 1;
        String forged = parts[0] + "." + parts[1] + "."
                + Base64.getUrlEncoder().withoutPadding().encodeToString(signature);
        Api.bearer(forged).get("/check").then().statusCode(401);
    }

    @Test
    void checkAnswersWhateverMethodTheGatewayUses() {
        String uid = Api.newUserId();
        String sid = Api.open(uid, Api.CHROME_WINDOWS, "81.2.69.142");
        String token = Tokens.user(uid, sid);
        Api.bearer(token).post("/check").then().statusCode(204);
        Api.bearer(token).delete("/check").then().statusCode(204);
        Api.bearer(token).head("/check").then().statusCode(204);
    }

    @Test
    void missingOrBrokenTokensAre401Problems() {
        String uid = Api.newUserId();
        String sid = Api.open(uid, Api.CHROME_WINDOWS, "81.2.69.142");
        RestAssured.get("/check")
                .then()
                .statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", "Bearer");
        RestAssured.given()
                .header("Authorization", "Basic dXNlcjpwYXNz")
                .get("/check")
                .then()
                .statusCode(401);
        for (String token : List.of(
                "not-a-jwt",
                "a.b.c",
                Tokens.expired(uid, sid),
                Tokens.wrongIssuer(uid, sid),
                Tokens.tampered(uid, sid),
                Tokens.algNone(uid, sid),
                Tokens.hmacWithPublicKey(uid, sid))) {
            Api.bearer(token).get("/check").then().statusCode(401).contentType("application/problem+json");
        }
    }

    @Test
    void aGenuineTokenOfASessionThatNeverExistedIsRefused() {
        String uid = Api.newUserId();
        String never = Tokens.user(uid, "never-opened-" + uid);
        Api.bearer(never).get("/check").then().statusCode(401).contentType("application/problem+json");
        Api.bearer(never).get("/check").then().statusCode(401);
        Api.bearer(never).get("/sessions").then().statusCode(401);
        Api.internal()
                .contentType("application/x-www-form-urlencoded")
                .formParam("token", never)
                .post("/introspect")
                .then()
                .statusCode(200)
                .body("active", equalTo(false));

        // the session of another user is not this user's either
        String other = Api.newUserId();
        String theirs = Api.open(other, Api.CHROME_WINDOWS, "81.2.69.142");
        Api.bearer(Tokens.user(uid, theirs)).get("/check").then().statusCode(401);
        Api.bearer(Tokens.user(other, theirs)).get("/check").then().statusCode(204);
    }

    @Test
    void aGenuineTokenWithoutKidIsRefused() {
        String uid = Api.newUserId();
        String sid = Api.open(uid, Api.CHROME_WINDOWS, "81.2.69.142");
        String token = Tokens.withoutKid(uid, sid);
        assertThat(new String(
                        Base64.getUrlDecoder().decode(token.substring(0, token.indexOf('.'))), StandardCharsets.UTF_8))
                .doesNotContain("kid");
        Api.bearer(token).get("/check").then().statusCode(401).contentType("application/problem+json");
        Api.bearer(Tokens.user(uid, sid)).get("/check").then().statusCode(204);
    }

    @Test
    void theTwinOfAnEs256SignatureIsTheSameTokenNotAnotherOne() {
        String uid = Api.newUserId();
        String sid = Api.open(uid, Api.CHROME_WINDOWS, "81.2.69.142");
        String[] lowAndHigh = Tokens.es256AndTwin(uid, sid);
        assertThat(lowAndHigh[0]).isNotEqualTo(lowAndHigh[1]);
        Api.bearer(lowAndHigh[1]).get("/check").then().statusCode(204).header("X-Auth-Session", sid);
        Api.bearer(lowAndHigh[0]).get("/check").then().statusCode(204).header("X-Auth-Session", sid);
        // the high-s spelling is remembered beside the low-s one: asked again, it is the same token, and remembering
        // it keeps no decision past the session's end
        Api.bearer(lowAndHigh[1]).get("/check").then().statusCode(204).header("X-Auth-Session", sid);
        Api.bearer(lowAndHigh[0]).delete("/sessions/" + sid).then().statusCode(204);
        Api.bearer(lowAndHigh[1]).get("/check").then().statusCode(401);
        Api.bearer(lowAndHigh[0]).get("/check").then().statusCode(401);
    }

    /**
     * One token, one verification: a twin is answered from the verification of its other spelling, whichever came
     * first, rather than verified again as a token of its own.
     */
    @Test
    void theTwinOfAVerifiedEs256TokenIsAnsweredFromThatVerification() {
        String uid = Api.newUserId();
        String sid = Api.open(uid, Api.CHROME_WINDOWS, "81.2.69.142");
        String[] lowFirst = Tokens.es256AndTwin(uid, sid);
        AccessToken low = verifier.verify(lowFirst[0]).await().atMost(Duration.ofSeconds(10));
        assertThat(verifier.verify(lowFirst[1]).await().atMost(Duration.ofSeconds(10)))
                .isSameAs(low);

        String[] highFirst = Tokens.es256AndTwin(uid, sid);
        AccessToken high = verifier.verify(highFirst[1]).await().atMost(Duration.ofSeconds(10));
        assertThat(verifier.verify(highFirst[0]).await().atMost(Duration.ofSeconds(10)))
                .isSameAs(high);
    }

    @Test
    void tokenOfAnUnknownKeyIsRefusedUntilTheKeyIsPublished() {
        String uid = Api.newUserId();
        String sid = Api.open(uid, Api.CHROME_WINDOWS, "81.2.69.142");
        String rotated = Tokens.signedWith(TestKeys.ROTATED, uid, sid);
        Api.bearer(rotated).get("/check").then().statusCode(401);

        TestEnvironment.jwks().publish(TestKeys.ROTATED);
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> Api.bearer(rotated).get("/check").then().statusCode(204));
        Api.bearer(Tokens.user(uid, sid)).get("/check").then().statusCode(204);
    }

    @Test
    void introspectionTellsActiveAndInactive() {
        String uid = Api.newUserId();
        String sid = Api.open(uid, Api.CHROME_WINDOWS, "81.2.69.142");
        String token = Tokens.user(uid, sid);
        Api.internal()
                .contentType("application/x-www-form-urlencoded")
                .formParam("token", token)
                .post("/introspect")
                .then()
                .statusCode(200)
                .header("Cache-Control", "no-store")
                .body("active", equalTo(true))
                .body("sub", equalTo(uid))
                .body("sid", equalTo(sid))
                .body("groups", contains("user"));

        Api.internal()
                .body(Map.of("type", "SIGNED_OUT", "actorType", "USER", "actorId", uid))
                .post("/internal/sessions/" + sid + "/end")
                .then()
                .statusCode(204);
        Api.internal()
                .contentType("application/x-www-form-urlencoded")
                .formParam("token", token)
                .post("/introspect")
                .then()
                .statusCode(200)
                .body("active", equalTo(false));
        Api.internal()
                .contentType("application/x-www-form-urlencoded")
                .formParam("token", "garbage")
                .post("/introspect")
                .then()
                .statusCode(200)
                .body("active", equalTo(false));
    }

    @Test
    void introspectionNeedsTheInternalCredential() {
        String uid = Api.newUserId();
        String sid = Api.open(uid, Api.CHROME_WINDOWS, "81.2.69.142");
        String token = Tokens.user(uid, sid);
        RestAssured.given()
                .contentType("application/x-www-form-urlencoded")
                .formParam("token", token)
                .post("/introspect")
                .then()
                .statusCode(401)
                .contentType("application/problem+json");
        Api.bearer(token)
                .contentType("application/x-www-form-urlencoded")
                .formParam("token", token)
                .post("/introspect")
                .then()
                .statusCode(401);
    }
}
