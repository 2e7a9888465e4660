package dev.sessions.auth.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import dev.sessions.auth.support.RegistryTestResource;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** The OpenAPI document lists every operation with a summary, its error answers and the security schemes. */
@QuarkusTest
@WithTestResource(value = RegistryTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class OpenApiTest {

    /**
     * The filter runs per request (quarkus.smallrye-openapi.always-run-filter, so that the start does not write the
     * document): every answer is the same document, the one stored at build time that ./stack test lints.
     */
    @Test
    void everyAnswerIsTheDocumentStoredAtBuildTime() throws IOException {
        Map<String, Object> first = given().queryParam("format", "json")
                .get("/q/openapi")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getMap("");
        Map<String, Object> second = given().queryParam("format", "json")
                .get("/q/openapi")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getMap("");
        Map<String, Object> stored = JsonPath.from(Files.readString(Path.of("target", "openapi", "openapi.json")))
                .getMap("");

        assertThat(second).isEqualTo(first);
        assertThat(first).isEqualTo(stored);
    }

    @Test
    void everyOperationIsDocumented() {
        JsonPath doc = given().queryParam("format", "json")
                .get("/q/openapi")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();

        Map<String, Map<String, Object>> paths = doc.getMap("paths");
        assertThat(paths)
                .containsKeys(
                        "/auth/register",
                        "/auth/login",
                        "/auth/refresh",
                        "/auth/logout",
                        "/auth/password",
                        "/auth/jwks.json",
                        "/.well-known/jwks.json",
                        "/admin/users",
                        "/admin/users/{userId}/deactivate",
                        "/admin/users/{userId}/reactivate");
        // the registry's internal API, which auth-service's client extends, is not one of this service's operations
        assertThat(paths.keySet()).noneMatch(path -> path.startsWith("/internal"));
        paths.forEach((path, operations) -> operations.forEach((method, operation) -> {
            @SuppressWarnings("unchecked")
            Map<String, Object> op = (Map<String, Object>) operation;
            assertThat(op).as(method + " " + path).containsKeys("summary", "responses");
        }));
        assertThat(doc.getMap("paths.'/auth/login'.post.responses"))
                .containsKeys("200", "400", "401", "403", "413", "429", "503");
        assertThat(doc.getMap("paths.'/auth/refresh'.post.responses")).containsKeys("200", "401", "403");
        assertThat(doc.getMap("paths.'/auth/logout'.post.responses")).containsKeys("204", "401", "403");
        assertThat(doc.getMap("paths.'/auth/register'.post.responses")).containsKeys("201", "400", "403", "409");
        assertThat(doc.getMap("paths.'/admin/users'.get.responses")).containsKeys("200", "400", "401", "403");
        assertThat(doc.getMap("components.securitySchemes")).containsKeys("bearer", "refreshCookie");
        assertThat(doc.getString("components.securitySchemes.refreshCookie.in")).isEqualTo("cookie");
        assertThat(doc.getString("components.securitySchemes.bearer.scheme")).isEqualTo("bearer");
        assertThat(doc.getList("paths.'/auth/password'.post.security", Map.class))
                .isNotEmpty();
        assertThat(doc.getMap("components.schemas"))
                .containsKeys("TokenResponse", "LoginRequest", "Problem", "User", "UserPage");
        assertThat(doc.getString(
                        "paths.'/auth/login'.post.responses.'401'.content.'application/problem+json'.schema.'$ref'"))
                .endsWith("/Problem");
        assertThat(List.of(doc.getString(
                        "paths.'/auth/login'.post.requestBody.content.'application/json'.examples.login.value.email")))
                .containsExactly("ada@example.com");
    }

    @Test
    void swaggerUiIsServed() {
        given().get("/q/swagger-ui/").then().statusCode(200);
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyOperationStatesItsSecurityAndEveryErrorIsAProblemWithAnExample() {
        JsonPath doc = given().queryParam("format", "json")
                .get("/q/openapi")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();

        Map<String, Map<String, Map<String, Object>>> paths = doc.getMap("paths");
        paths.forEach((path, operations) -> operations.forEach((method, operation) -> {
            String name = method.toUpperCase(java.util.Locale.ROOT) + " " + path;
            assertThat(operation).as(name).containsKeys("summary", "security", "responses");
            Map<String, Map<String, Object>> responses = (Map<String, Map<String, Object>>) operation.get("responses");
            responses.forEach((code, response) -> {
                if (code.startsWith("4") || code.startsWith("5")) {
                    Map<String, Object> problem = (Map<String, Object>)
                            ((Map<String, Object>) response.get("content")).get("application/problem+json");
                    assertThat(problem).as("%s %s", name, code).isNotNull();
                    assertThat(((Map<String, Object>) problem.get("schema")).get("$ref"))
                            .as("%s %s", name, code)
                            .isEqualTo("#/components/schemas/Problem");
                    assertThat(problem.containsKey("example") || problem.containsKey("examples"))
                            .as("%s %s has an example", name, code)
                            .isTrue();
                }
            });
            if (!((List<?>) operation.get("security")).isEmpty()) {
                assertThat(responses).as(name).containsKeys("401", "503");
            }
        }));
        assertThat(doc.getMap("components.schemas")).containsKey("Problem").doesNotContainKey("HttpProblem");
    }
}
