package dev.sessions.registry.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import dev.sessions.contract.history.EndReason;
import dev.sessions.contract.history.EventType;
import dev.sessions.registry.support.TestEnvironment;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** The registry documents the contract's internal API it implements, and history names from the contract's enums. */
@QuarkusTest
@WithTestResource(value = TestEnvironment.class, scope = TestResourceScope.GLOBAL)
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
    void theInternalApiIsDocumentedFromTheContractInterface() {
        JsonPath doc = given().queryParam("format", "json")
                .get("/q/openapi")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();

        assertThat(doc.getMap("paths.'/internal/sessions'.post.responses"))
                .containsKeys("201", "400", "401", "403", "409");
        assertThat(doc.getString("paths.'/internal/sessions'.post.summary")).isEqualTo("Open a session");
        assertThat(doc.getMap("paths.'/internal/sessions/{sessionId}/end'.post.responses"))
                .containsKeys("204", "404");
        assertThat(doc.getMap("paths.'/internal/users/{userId}/revoke'.post.responses"))
                .containsKeys("200", "400");
        assertThat(doc.getMap("components.schemas"))
                .containsKeys(
                        "OpenSessionRequest",
                        "OpenedSession",
                        "RefreshSessionRequest",
                        "RefreshedSession",
                        "EndSessionRequest",
                        "RevokeUserRequest",
                        "RevokedCount");
    }

    @Test
    void historyNamesAreTheContractsEnums() {
        JsonPath doc = given().queryParam("format", "json")
                .get("/q/openapi")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();

        assertThat(doc.getList("components.schemas.HistoryEvent.properties.type.enum", String.class))
                .containsExactlyElementsOf(
                        Arrays.stream(EventType.values()).map(Enum::name).toList());
        assertThat(doc.getList("components.schemas.HistoryEvent.properties.reason.enum", String.class))
                .containsExactlyElementsOf(
                        Arrays.stream(EndReason.values()).map(Enum::name).toList());
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

    @Test
    void pagesAreBoundedIntegersAndTheTotalIsDocumented() {
        JsonPath doc = given().queryParam("format", "json")
                .get("/q/openapi")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();

        String list = "paths.'/admin/users/{userId}/sessions'.get";
        assertThat(doc.getString(list + ".parameters.find { it.name == 'page' }.schema.type"))
                .isEqualTo("integer");
        assertThat(doc.getInt(list + ".parameters.find { it.name == 'page' }.schema.minimum"))
                .isZero();
        assertThat(doc.getInt(list + ".parameters.find { it.name == 'size' }.schema.minimum"))
                .isEqualTo(1);
        assertThat(doc.getInt(list + ".parameters.find { it.name == 'size' }.schema.maximum"))
                .isEqualTo(100);
        assertThat(doc.getString(list + ".responses.'200'.headers.'X-Total-Count'.schema.type"))
                .isEqualTo("integer");
        for (String history : List.of("paths.'/sessions/history'.get", "paths.'/admin/users/{userId}/history'.get")) {
            assertThat(doc.getString(history + ".parameters.find { it.name == 'limit' }.schema.type"))
                    .isEqualTo("integer");
            assertThat(doc.getInt(history + ".parameters.find { it.name == 'limit' }.schema.maximum"))
                    .isEqualTo(100);
            assertThat(doc.getMap(history + ".responses")).containsKeys("400", "503");
        }
        assertThat(doc.getString("paths.'/admin/reports'.get.parameters.find { it.name == 'size' }.schema.type"))
                .isEqualTo("integer");
        assertThat(doc.getList("paths.'/internal/sessions'.post.security.internalToken"))
                .isNotEmpty();
        assertThat(doc.getList("paths.'/sessions/meta'.get.security")).isEmpty();
    }

    @Test
    void forceLogoutSaysWhatItsAnswerMeans() {
        String description = given().queryParam("format", "json")
                .get("/q/openapi")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getString("paths.'/admin/users/{userId}/logout'.post.description");

        assertThat(description).contains("acknowledged", "registry.revocation.ack-wait", "lease");
    }
}
