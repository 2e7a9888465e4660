package dev.sessions.auth.health;

import java.time.Duration;
import java.util.function.Consumer;

import jakarta.inject.Inject;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import dev.sessions.auth.support.Api;
import dev.sessions.auth.support.PostgresDownAtStartProfile;
import dev.sessions.auth.support.RegistryTestResource;
import dev.sessions.auth.user.UserAccount;
import dev.sessions.auth.user.UserRepository;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * ADR 17: the schema migration runs beside the start, so the service starts and is ready while PostgreSQL is down
 * (before, Flyway ran before the start and the start failed); account requests wait for the schema and then answer
 * 503, refresh does not wait; once PostgreSQL is back the schema is migrated, the bootstrap administrator created,
 * and registration and sign-in work.
 */
@QuarkusTest
@TestProfile(PostgresDownAtStartProfile.class)
@WithTestResource(value = RegistryTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class SchemaMigrationTest {

    private static final String USER_STORE = "checks.find { it.name == 'user-store' }";

    Consumer<String> postgresFaults;

    @Inject
    UserRepository repository;

    @Test
    void startsWithoutPostgresAndServesAccountsOnceTheSchemaIsMigrated() throws Throwable {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonPath ready = given().get("/q/health/ready")
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath();
            assertThat(ready.getString(USER_STORE + ".status")).isEqualTo("UP");
            assertThat(ready.getString(USER_STORE + ".data.schema")).isEqualTo("waiting for PostgreSQL");
        });

        // an account request waits auth.user-store.timeout for the schema, then answers 503 with Retry-After
        Api.postLogin(Api.address(), PostgresDownAtStartProfile.ADMIN_EMAIL, RegistryTestResource.ADMIN_PASSWORD, false)
                .then()
                .statusCode(503)
                .contentType("application/problem+json")
                .header("Retry-After", "1")
                .body("detail", org.hamcrest.Matchers.startsWith("The user store is not ready yet"));
        // refresh needs no PostgreSQL and is not held: no cookie is a plain 401
        given().post("/auth/refresh").then().statusCode(401);

        postgresFaults.accept("up");

        await().atMost(Duration.ofSeconds(60))
                .until(() -> "migrated"
                        .equals(given().get("/q/health/ready").jsonPath().getString(USER_STORE + ".data.schema")));
        // accounts work (their requests wait for the bootstrap administrator too), who exists then
        String email = Api.email("schema");
        Api.register(email);
        Api.login(email);
        UserAccount admin = VertxContextSupport.subscribeAndAwait(
                () -> repository.findByEmail(PostgresDownAtStartProfile.ADMIN_EMAIL));
        assertThat(admin).isNotNull();
        assertThat(admin.roles).contains(UserAccount.ROLE_ADMIN);
    }
}
