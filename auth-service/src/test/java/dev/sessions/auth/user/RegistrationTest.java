package dev.sessions.auth.user;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.sessions.auth.support.Api;
import dev.sessions.auth.support.RegistryTestResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/** Registration: 201 with id and email, case-insensitive uniqueness, password policy, field rules. */
@QuarkusTest
@WithTestResource(value = RegistryTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class RegistrationTest {

    @Test
    void registrationAnswers201WithIdAndEmailAndTheAccountCanSignIn() {
        String email = Api.email("Register");

        register(Map.of("email", email, "password", Api.PASSWORD, "displayName", "Grace Hopper", "plan", "ignored"))
                .then().statusCode(201)
                .contentType(ContentType.JSON)
                .body("id", matchesPattern("[0-9a-f-]{36}"))
                .body("email", equalTo(email));

        Api.login(email.toLowerCase(), Api.PASSWORD, false);
    }

    @Test
    void anEmailTakenInAnyCaseIs409() {
        String email = Api.email("taken");
        Api.register(email);

        register(Map.of("email", email.toUpperCase(), "password", Api.PASSWORD, "displayName", "Copy"))
                .then().statusCode(409).contentType("application/problem+json")
                .body("detail", equalTo("An account with this email already exists."));
    }

    @Test
    void thePasswordPolicyAsksForTenCharacters() {
        register(Map.of("email", Api.email("short"), "password", "123456789", "displayName", "Short"))
                .then().statusCode(400).contentType("application/problem+json")
                .body("detail", equalTo("password must be at least 10 characters."));
        register(Map.of("email", Api.email("ten"), "password", "1234567890", "displayName", "Ten"))
                .then().statusCode(201);
    }

    @Test
    void invalidFieldsAre400AndCreateNothing() {
        String email = Api.email("invalid");
        register(Map.of("email", "not-an-email", "password", Api.PASSWORD, "displayName", "X"))
                .then().statusCode(400).contentType("application/problem+json");
        register(Map.of("email", "a".repeat(315) + "@x.example", "password", Api.PASSWORD, "displayName", "X"))
                .then().statusCode(400).body("detail", equalTo("email must be at most 320 characters."));
        register(Map.of("email", email, "password", Api.PASSWORD))
                .then().statusCode(400).body("detail", equalTo("displayName is required."));
        register(Map.of("email", email, "password", Api.PASSWORD, "displayName", "x".repeat(201)))
                .then().statusCode(400);

        Response login = Api.postLogin(Api.address(), email, Api.PASSWORD, false);
        assertThat(login.statusCode()).isEqualTo(401);
    }

    private static Response register(Map<String, Object> body) {
        return Api.from(Api.address()).contentType(ContentType.JSON).body(body).post("/auth/register");
    }
}
