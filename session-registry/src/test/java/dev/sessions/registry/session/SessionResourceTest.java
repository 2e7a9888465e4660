package dev.sessions.registry.session;

import java.util.List;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

import dev.sessions.registry.support.Api;
import dev.sessions.registry.support.TestEnvironment;
import dev.sessions.registry.support.Tokens;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

/** The user's own session endpoints. */
@QuarkusTest
@WithTestResource(value = TestEnvironment.class, scope = TestResourceScope.GLOBAL)
class SessionResourceTest {

    @Test
    void listShowsCurrentFirstThenMostRecentlyActive() {
        String uid = Api.newUserId();
        String oldest = Api.open(uid, Api.CHROME_WINDOWS, "81.2.69.142");
        String current = Api.open(uid, Api.SAFARI_IPHONE, "10.1.2.3");
        String newest = Api.open(uid, Api.CHROME_WINDOWS, "8.8.8.8");
        Api.open(Api.newUserId(), Api.CHROME_WINDOWS, "81.2.69.142");

        Api.bearer(Tokens.user(uid, current))
                .get("/sessions")
                .then()
                .statusCode(200)
                .header("Cache-Control", "no-store")
                .body("id", contains(current, newest, oldest))
                .body("current", contains(true, false, false))
                .body("[0].device.type", equalTo("Smartphone"))
                .body("[0].device.os", equalTo("iOS"))
                .body("[0].device.browser", equalTo("Safari"))
                .body("[0].ipAddress", equalTo("10.1.2.3"))
                .body("[0].location", nullValue())
                .body("[0].rememberMe", equalTo(true))
                .body("[1].location.city", equalTo("Mountain View"))
                .body("[1].location.country", equalTo("United States"))
                .body("[1].location.countryCode", equalTo("US"))
                .body("[2].device.type", equalTo("Computer"))
                .body("[2].device.os", equalTo("Windows"))
                .body("[2].device.osVersion", equalTo("10"))
                .body("[2].device.browser", equalTo("Chrome"))
                .body("[2].device.browserVersion", equalTo("120.0.0"))
                .body("[2].location.city", equalTo("London"))
                .body("[2].location.country", equalTo("United Kingdom"));
    }

    @Test
    void currentShowsTheCallersSession() {
        String uid = Api.newUserId();
        String sid = Api.open(uid, Api.CHROME_WINDOWS, "81.2.69.142");
        Api.bearer(Tokens.user(uid, sid))
                .get("/sessions/current")
                .then()
                .statusCode(200)
                .header("Cache-Control", "no-store")
                .body("id", equalTo(sid))
                .body("current", equalTo(true))
                .body("createdAt", containsString("T"))
                .body("expiresAt", containsString("Z"));
    }

    @Test
    void revokingOneOfMySessionsEndsItAtOnce() {
        String uid = Api.newUserId();
        String mine = Api.open(uid, Api.CHROME_WINDOWS, "81.2.69.142");
        String lost = Api.open(uid, Api.SAFARI_IPHONE, "8.8.8.8");
        String lostToken = Tokens.user(uid, lost);
        Api.bearer(lostToken).get("/check").then().statusCode(204);

        Api.bearer(Tokens.user(uid, mine)).delete("/sessions/" + lost).then().statusCode(204);

        Api.bearer(lostToken).get("/check").then().statusCode(401);
        Api.bearer(lostToken).get("/sessions").then().statusCode(401).contentType("application/problem+json");
        Api.bearer(Tokens.user(uid, mine))
                .get("/sessions")
                .then()
                .statusCode(200)
                .body("id", contains(mine));
    }

    @Test
    void revokingSomeoneElsesOrAnUnknownSessionAnswersLikeSuccessAndChangesNothing() {
        String uid = Api.newUserId();
        String mine = Api.open(uid, Api.CHROME_WINDOWS, "81.2.69.142");
        String stranger = Api.newUserId();
        String theirs = Api.open(stranger, Api.CHROME_WINDOWS, "81.2.69.142");

        Api.bearer(Tokens.user(uid, mine)).delete("/sessions/" + theirs).then().statusCode(204);
        Api.bearer(Tokens.user(uid, mine))
                .delete("/sessions/does-not-exist")
                .then()
                .statusCode(204);

        Api.bearer(Tokens.user(stranger, theirs)).get("/check").then().statusCode(204);
        Api.bearer(Tokens.user(stranger, theirs))
                .get("/sessions")
                .then()
                .statusCode(200)
                .body("id", contains(theirs));
    }

    @Test
    void signingOutOfOtherDevicesKeepsTheCurrentSession() {
        String uid = Api.newUserId();
        String current = Api.open(uid, Api.CHROME_WINDOWS, "81.2.69.142");
        String other1 = Api.open(uid, Api.SAFARI_IPHONE, "8.8.8.8");
        String other2 = Api.open(uid, Api.SAFARI_IPHONE, "8.8.8.8");

        Api.bearer(Tokens.user(uid, current))
                .delete("/sessions?scope=others")
                .then()
                .statusCode(200)
                .body("revoked", equalTo(2));

        Api.bearer(Tokens.user(uid, current))
                .get("/sessions")
                .then()
                .statusCode(200)
                .body("id", contains(current));
        Api.bearer(Tokens.user(uid, other1)).get("/check").then().statusCode(401);
        Api.bearer(Tokens.user(uid, other2)).get("/check").then().statusCode(401);
    }

    @Test
    void signingOutOfAllDevicesEndsTheCurrentSessionToo() {
        String uid = Api.newUserId();
        String current = Api.open(uid, Api.CHROME_WINDOWS, "81.2.69.142");
        Api.open(uid, Api.SAFARI_IPHONE, "8.8.8.8");

        Api.bearer(Tokens.user(uid, current))
                .delete("/sessions?scope=all")
                .then()
                .statusCode(200)
                .body("revoked", equalTo(2));

        Api.bearer(Tokens.user(uid, current)).get("/sessions").then().statusCode(401);
        Api.bearer(Tokens.user(uid, current)).get("/check").then().statusCode(401);
    }

    @Test
    void scopeMustBeOthersOrAll() {
        String uid = Api.newUserId();
        String sid = Api.open(uid, Api.CHROME_WINDOWS, "81.2.69.142");
        for (String query : List.of("", "?scope=", "?scope=everything")) {
            Api.bearer(Tokens.user(uid, sid))
                    .delete("/sessions" + query)
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body(not(containsString("dev.sessions")));
        }
        Api.bearer(Tokens.user(uid, sid)).get("/check").then().statusCode(204);
    }

    @Test
    void everyBearerEndpointRefusesBadTokensAndWrongRoles() {
        String uid = Api.newUserId();
        String sid = Api.open(uid, Api.CHROME_WINDOWS, "81.2.69.142");
        RestAssured.get("/sessions").then().statusCode(401).contentType("application/problem+json");
        for (String token : List.of(
                Tokens.expired(uid, sid),
                Tokens.wrongIssuer(uid, sid),
                Tokens.tampered(uid, sid),
                Tokens.algNone(uid, sid),
                Tokens.hmacWithPublicKey(uid, sid))) {
            Api.bearer(token).get("/sessions").then().statusCode(401).contentType("application/problem+json");
            Api.bearer(token).get("/admin/users/" + uid + "/sessions").then().statusCode(401);
        }
        Api.bearer(Tokens.withRoles(uid, sid, List.of("guest")))
                .get("/sessions")
                .then()
                .statusCode(403)
                .contentType("application/problem+json");
        Api.bearer(Tokens.user(uid, sid))
                .get("/admin/users/" + uid + "/sessions")
                .then()
                .statusCode(403)
                .contentType("application/problem+json");
        Api.bearer(Tokens.user(uid, sid))
                .post("/admin/users/" + uid + "/logout")
                .then()
                .statusCode(403);
        Api.bearer(Tokens.user(uid, sid))
                .delete("/admin/sessions/" + sid)
                .then()
                .statusCode(403);
        Api.bearer(Tokens.user(uid, sid)).get("/check").then().statusCode(204);
    }

    @Test
    void metaNamesTheLocationDataAttribution() {
        RestAssured.get("/sessions/meta")
                .then()
                .statusCode(200)
                .body("locationAttribution.text", equalTo("IP Geolocation by DB-IP"))
                .body("locationAttribution.url", equalTo("https://db-ip.com"));
    }

    @Test
    void listHasOnlyLiveSessions() {
        String uid = Api.newUserId();
        String current = Api.open(uid, Api.CHROME_WINDOWS, "81.2.69.142");
        String ended = Api.open(uid, Api.CHROME_WINDOWS, "81.2.69.142");
        Api.bearer(Tokens.user(uid, current))
                .delete("/sessions/" + ended)
                .then()
                .statusCode(204);
        Api.bearer(Tokens.user(uid, current))
                .get("/sessions")
                .then()
                .statusCode(200)
                .body("$", hasSize(1));
    }
}
