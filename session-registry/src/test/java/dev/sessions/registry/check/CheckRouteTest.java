package dev.sessions.registry.check;

import java.util.List;
import java.util.Map;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.Method;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import dev.sessions.registry.support.Api;
import dev.sessions.registry.support.TestEnvironment;
import dev.sessions.registry.support.Tokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

/**
 * The check is a Vert.x route of its own in front of the REST layer: what the REST resource answered before, it
 * answers the same (problem bodies, the methods it does not decide on, the paths around it), and the OpenAPI
 * document still describes it.
 */
@QuarkusTest
@WithTestResource(value = TestEnvironment.class, scope = TestResourceScope.GLOBAL)
class CheckRouteTest {

    @Test
    void aRefusalIsTheProblemTheRestLayerWrote() {
        RestAssured.get("/check")
                .then()
                .statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", "Bearer")
                .header("Cache-Control", "no-store")
                .header("X-Auth-Reason", nullValue())
                .body("type", equalTo("about:blank"))
                .body("status", equalTo(401))
                .body("title", equalTo("Unauthorized"))
                .body("detail", equalTo("A bearer token is required."))
                .body("instance", nullValue())
                .body("reason", nullValue());
        Api.bearer("not-a-jwt")
                .get("/check")
                .then()
                .statusCode(401)
                .body("detail", equalTo("The token is not accepted: the token is malformed."));
    }

    @Test
    void anEndedSessionSaysWhyInTheHeaderAndTheProblem() {
        String uid = Api.newUserId();
        String sid = Api.open(uid, Api.CHROME_WINDOWS, "81.2.69.142");
        String token = Tokens.user(uid, sid);
        Api.bearer(token).delete("/sessions/" + sid).then().statusCode(204);

        Api.bearer(token)
                .get("/check")
                .then()
                .statusCode(401)
                .header("X-Auth-Reason", "USER_REVOKED")
                .header("Cache-Control", "no-store")
                .body("detail", equalTo("The token is not accepted: the session has ended."))
                .body("reason", equalTo("USER_REVOKED"));
        Api.bearer(token).head("/check").then().statusCode(401).header("X-Auth-Reason", "USER_REVOKED");
    }

    @Test
    void optionsNamesTheMethodsWithoutDeciding() {
        RestAssured.options("/check")
                .then()
                .statusCode(200)
                .header("Allow", "HEAD, DELETE, POST, GET, OPTIONS, PUT, PATCH")
                .header("Cache-Control", "no-store")
                .header("X-Auth-User", nullValue())
                .body(emptyOrNullString());
    }

    @Test
    void aMethodTheGatewayNeverSendsIs405() {
        String uid = Api.newUserId();
        String sid = Api.open(uid, Api.CHROME_WINDOWS, "81.2.69.142");
        Api.bearer(Tokens.user(uid, sid))
                .request(Method.TRACE, "/check")
                .then()
                .statusCode(405)
                .contentType("application/problem+json")
                .header("X-Auth-User", nullValue())
                .body("status", equalTo(405))
                .body("title", equalTo("Method Not Allowed"))
                .body("instance", equalTo("/check"));
    }

    @Test
    void theSpellingsOfItsPathPassAndPathsBelowItAreNotIt() {
        String uid = Api.newUserId();
        String sid = Api.open(uid, Api.CHROME_WINDOWS, "81.2.69.142");
        String token = Tokens.user(uid, sid);
        Api.bearer(token).get("/check/").then().statusCode(204).header("X-Auth-Session", sid);
        Api.bearer(token).get("/check?from=gateway").then().statusCode(204).header("X-Auth-Session", sid);
        Api.bearer(token)
                .get("/check/more")
                .then()
                .statusCode(404)
                .contentType("application/problem+json")
                .header("X-Auth-User", nullValue());
    }

    @Test
    void theOpenApiDocumentDescribesTheCheck() {
        JsonPath doc = RestAssured.given()
                .queryParam("format", "json")
                .get("/q/openapi")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();

        String check = "paths.'/check'.get";
        assertThat(doc.getString(check + ".summary")).isEqualTo("Check a bearer token");
        assertThat(doc.getMap(check + ".responses")).containsKeys("204", "401", "503");
        assertThat(doc.getMap(check + ".responses.'204'.headers"))
                .containsKeys("X-Auth-User", "X-Auth-Session", "X-Auth-Roles");
        assertThat(doc.getMap(check + ".responses.'401'.headers")).containsKey("X-Auth-Reason");
        assertThat(doc.getString(check + ".responses.'401'.content.'application/problem+json'.schema.'$ref'"))
                .isEqualTo("#/components/schemas/Problem");
        assertThat(doc.getList(check + ".security", Map.class)).containsExactly(Map.of("bearer", List.of()));
    }
}
