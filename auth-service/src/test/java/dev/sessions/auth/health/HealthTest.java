package dev.sessions.auth.health;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.sessions.auth.support.Registry;
import dev.sessions.auth.support.RegistryTestResource;
import dev.sessions.auth.support.StoreFaultProfile;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Readiness as README's "Health" table says: Redis or the registry away takes auth-service out of rotation (it can
 * neither sign in nor refresh); PostgreSQL away leaves it ready (refresh and sign-out still work) and says what
 * answers 503 meanwhile. PostgreSQL and Redis are reached through links the test cuts or freezes.
 */
@QuarkusTest
@TestProfile(StoreFaultProfile.class)
@WithTestResource(value = RegistryTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class HealthTest {

    Consumer<String> postgresFaults;
    Consumer<String> redisFaults;

    // what this test broke, to mend only that: a link cut and opened again needs its port back
    private final List<Runnable> mend = new ArrayList<>();

    /** Whatever a test broke, the links and the registry are whole again for the other tests of the profile. */
    @AfterEach
    void everythingUp() {
        mend.forEach(Runnable::run);
        given().baseUri(Registry.url()).put("/fake/ready").then().statusCode(204);
        await().atMost(Duration.ofSeconds(30)).until(() -> ready().statusCode() == 200);
    }

    @Test
    void readyWithEverythingUp() {
        JsonPath ready = ready(200);

        assertThat(ready.getString("status")).isEqualTo("UP");
        assertThat(check(ready, "user-store")).containsEntry("status", "UP");
        assertThat(data(ready, "user-store")).containsEntry("postgresql-reachable", true);
        assertThat(check(ready, "session-registry")).containsEntry("status", "UP");
    }

    @Test
    void withoutPostgresStillReadyAndSaysWhatAnswers503() {
        postgresFaults.accept("down");
        mend.add(() -> postgresFaults.accept("up"));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonPath ready = ready(200);
            assertThat(ready.getString("status")).isEqualTo("UP");
            assertThat(data(ready, "user-store"))
                    .containsEntry("postgresql-reachable", false)
                    .containsEntry("unavailable", UserStoreHealthCheck.UNAVAILABLE);
        });
    }

    @Test
    void aFrozenPostgresIsReportedWithoutHoldingReadiness() {
        postgresFaults.accept("freeze");
        mend.add(() -> postgresFaults.accept("thaw"));

        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(
                        () -> assertThat(data(ready(200), "user-store")).containsEntry("postgresql-reachable", false));
    }

    @Test
    void withoutRedisNotReady() {
        redisFaults.accept("down");
        mend.add(() -> redisFaults.accept("up"));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonPath ready = ready(503);
            assertThat(ready.getString("status")).isEqualTo("DOWN");
            assertThat(ready.getList("checks.findAll { it.status == 'DOWN' }.name"))
                    .singleElement()
                    .asString()
                    .containsIgnoringCase("redis");
        });
    }

    @Test
    void withoutAReadyRegistryNotReady() {
        given().baseUri(Registry.url()).delete("/fake/ready").then().statusCode(204);

        JsonPath ready = ready(503);

        assertThat(check(ready, "session-registry")).containsEntry("status", "DOWN");
        assertThat(data(ready, "session-registry")).containsEntry("registry", "answers 503");
        assertThat(check(ready, "user-store")).containsEntry("status", "UP");
    }

    private static Response ready() {
        return given().get("/q/health/ready");
    }

    private static JsonPath ready(int status) {
        Response response = ready();
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(status);
        return response.jsonPath();
    }

    private static Map<String, Object> check(JsonPath ready, String name) {
        Map<String, Object> check = ready.getMap("checks.find { it.name == '" + name + "' }");
        assertThat(check).as("check %s in %s", name, ready.prettify()).isNotNull();
        return check;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> data(JsonPath ready, String name) {
        return (Map<String, Object>) check(ready, name).get("data");
    }
}
