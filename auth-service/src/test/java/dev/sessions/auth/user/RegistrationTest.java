package dev.sessions.auth.user;

import java.security.SecureRandom;
import java.util.Map;

import jakarta.inject.Inject;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import dev.sessions.auth.support.Api;
import dev.sessions.auth.support.RegistryTestResource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;

/**
 * Registration: 201 with id and email, case-insensitive uniqueness, password policy, field rules, and a throttle per
 * address (IPv6: per /64) that comes before any hashing, as does the check for a taken email.
 */
@QuarkusTest
@WithTestResource(value = RegistryTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class RegistrationTest {

    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    PasswordHasher hasher;

    @Test
    void registrationAnswers201WithIdAndEmailAndTheAccountCanSignIn() {
        String email = Api.email("Register");

        register(Map.of("email", email, "password", Api.PASSWORD, "displayName", "Grace Hopper", "plan", "ignored"))
                .then()
                .statusCode(201)
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
                .then()
                .statusCode(409)
                .contentType("application/problem+json")
                .body("detail", equalTo("An account with this email already exists."));
    }

    @Test
    void thePasswordPolicyAsksForTenCharacters() {
        register(Map.of("email", Api.email("short"), "password", "123456789", "displayName", "Short"))
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("detail", equalTo("password must be at least 10 characters."));
        register(Map.of("email", Api.email("ten"), "password", "1234567890", "displayName", "Ten"))
                .then()
                .statusCode(201);
    }

    @Test
    void invalidFieldsAre400AndCreateNothing() {
        String email = Api.email("invalid");
        register(Map.of("email", "not-an-email", "password", Api.PASSWORD, "displayName", "X"))
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
        register(Map.of("email", "a".repeat(315) + "@x.example", "password", Api.PASSWORD, "displayName", "X"))
                .then()
                .statusCode(400)
                .body("detail", equalTo("email must be at most 320 characters."));
        register(Map.of("email", email, "password", Api.PASSWORD))
                .then()
                .statusCode(400)
                .body("detail", equalTo("displayName is required."));
        register(Map.of("email", email, "password", Api.PASSWORD, "displayName", "x".repeat(201)))
                .then()
                .statusCode(400);

        Response login = Api.postLogin(Api.address(), email, Api.PASSWORD, false);
        assertThat(login.statusCode()).isEqualTo(401);
    }

    @Test
    void aTakenEmailIs409WithoutAnyHashing() {
        String email = Api.email("taken-no-hash");
        Api.register(email);
        long hashes = hasher.computed();

        register(Map.of("email", email, "password", Api.PASSWORD, "displayName", "Copy"))
                .then()
                .statusCode(409);

        assertThat(hasher.computed()).isEqualTo(hashes);
    }

    @Test
    void wellFormedRegistrationsAreThrottledPerAddressBeforeAnyHashing() {
        String address = Api.address();
        String taken = Api.email("throttle-taken");
        Api.register(taken);
        for (int i = 0; i < 3; i++) {
            register(address, Map.of("email", "not-an-email", "password", Api.PASSWORD, "displayName", "X"))
                    .then()
                    .statusCode(400);
        }
        for (int i = 0; i < 5; i++) {
            register(
                            address,
                            Map.of("email", Api.email("throttle-new"), "password", Api.PASSWORD, "displayName", "New"))
                    .then()
                    .statusCode(201);
            register(address, Map.of("email", taken, "password", Api.PASSWORD, "displayName", "Copy"))
                    .then()
                    .statusCode(409);
        }
        long hashes = hasher.computed();

        Response throttled = register(
                address,
                Map.of("email", Api.email("throttle-11th"), "password", Api.PASSWORD, "displayName", "Eleventh"));

        throttled.then().statusCode(429).contentType("application/problem+json");
        assertThat(Integer.parseInt(throttled.getHeader("Retry-After"))).isBetween(3000, 3600);
        assertThat(hasher.computed()).isEqualTo(hashes);
        register(
                        Api.address(),
                        Map.of("email", Api.email("elsewhere"), "password", Api.PASSWORD, "displayName", "Other"))
                .then()
                .statusCode(201);
    }

    @Test
    void anIpv6AddressRegistersAsItsSlash64() {
        String network = "2001:db8:" + Integer.toHexString(RANDOM.nextInt(0x10000)) + ":"
                + Integer.toHexString(RANDOM.nextInt(0x10000)) + ":";
        for (int i = 1; i <= 10; i++) {
            register(
                            network + Integer.toHexString(i) + "::" + Integer.toHexString(i),
                            Map.of("email", Api.email("v6"), "password", Api.PASSWORD, "displayName", "Six"))
                    .then()
                    .statusCode(201);
        }

        register(
                        network + "ffff:ffff:ffff:ffff",
                        Map.of("email", Api.email("v6"), "password", Api.PASSWORD, "displayName", "Six"))
                .then()
                .statusCode(429)
                .header("Retry-After", matchesPattern("[0-9]+"));
        register(
                        "2001:db8:ffff:" + Integer.toHexString(RANDOM.nextInt(0x10000)) + "::1",
                        Map.of("email", Api.email("v6"), "password", Api.PASSWORD, "displayName", "Six"))
                .then()
                .statusCode(201);
    }

    private static Response register(Map<String, Object> body) {
        return register(Api.address(), body);
    }

    private static Response register(String address, Map<String, Object> body) {
        return Api.from(address).contentType(ContentType.JSON).body(body).post("/auth/register");
    }
}
