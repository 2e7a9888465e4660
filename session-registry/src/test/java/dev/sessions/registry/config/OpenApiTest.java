package dev.sessions.registry.config;

import java.util.Arrays;

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
}
