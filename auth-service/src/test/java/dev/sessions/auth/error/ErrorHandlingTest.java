package dev.sessions.auth.error;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.io.ByteArrayInputStream;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.sessions.auth.support.Api;
import dev.sessions.auth.support.RegistryTestResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/** Bad input gets a clear problem+json answer, never a 5xx or an internal name. */
@QuarkusTest
@WithTestResource(value = RegistryTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class ErrorHandlingTest {

    private static final List<String> INTERNAL_NAMES = List.of("java.", "com.fasterxml", "dev.sessions", "io.quarkus",
            "Exception", "at [Source");

    @Test
    void malformedJsonIs400WithoutInternalNames() {
        for (String body : List.of("{", "not json", "{\"email\": [1,2", "{\"email\":\"a@b.example\",\"password\":{}}",
                "{\"email\":\"a@b.example\",\"password\":\"x\",\"rememberMe\":\"perhaps\"}", "[]")) {
            Response response = Api.from(Api.address()).contentType(ContentType.JSON).body(body).post("/auth/login");
            assertProblem(response, 400);
        }
        assertProblem(Api.from(Api.address()).contentType(ContentType.JSON).body("{").post("/auth/register"), 400);
        assertProblem(Api.from(Api.address()).contentType(ContentType.JSON).post("/auth/login"), 400);
    }

    @Test
    void bodiesOver64KibAre413() {
        String big = "{\"email\":\"" + "a".repeat(70_000) + "@x.example\",\"password\":\"p\"}";

        assertProblem(Api.from(Api.address()).contentType(ContentType.JSON).body(big).post("/auth/login"), 413);
        assertProblem(Api.from(Api.address()).contentType(ContentType.JSON).body(big).post("/auth/register"), 413);
        Response chunked = Api.from(Api.address()).contentType(ContentType.JSON)
                .body(new ByteArrayInputStream(big.getBytes())).post("/auth/register");
        assertProblem(chunked, 413);
    }

    @Test
    void aBodyJustUnderTheLimitIsRead() {
        String padding = "x".repeat(64 * 1024 - 200);
        Api.from(Api.address()).contentType(ContentType.JSON)
                .body("{\"email\":\"" + Api.email("pad") + "\",\"password\":\"" + Api.PASSWORD + "\",\"pad\":\"" + padding + "\"}")
                .post("/auth/login")
                .then().statusCode(401);
    }

    @Test
    void unknownPathsMethodsAndMediaTypesAreProblems() {
        assertProblem(given().get("/auth/nothing-here"), 404);
        assertProblem(given().get("/no/such/path"), 404);
        assertProblem(given().get("/auth/login"), 405);
        assertProblem(Api.from(Api.address()).contentType(ContentType.TEXT).body("email=x").post("/auth/login"), 415);
    }

    @Test
    void problemsHaveTheRfc9457Members() {
        Api.from(Api.address()).contentType(ContentType.JSON).body("{}").post("/auth/register")
                .then().statusCode(400)
                .body("type", equalTo("about:blank"))
                .body("title", equalTo("Bad Request"))
                .body("status", equalTo(400))
                .body("detail", equalTo("email is required."));
    }

    private static void assertProblem(Response response, int status) {
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.jsonPath().getInt("status")).isEqualTo(status);
        assertThat(response.jsonPath().getString("type")).isNotBlank();
        assertThat(response.jsonPath().getString("title")).isNotBlank();
        assertThat(response.jsonPath().getString("detail")).isNotBlank();
        assertThat(response.asString()).doesNotContain(INTERNAL_NAMES);
    }
}
