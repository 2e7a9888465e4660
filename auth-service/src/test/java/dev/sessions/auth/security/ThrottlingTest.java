package dev.sessions.auth.security;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import dev.sessions.auth.support.Api;
import dev.sessions.auth.support.RegistryTestResource;
import dev.sessions.auth.support.ShortWindowsProfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Sign-in throttling with 3 failures per account and 5 per address (an IPv6 address by its /64) in a window of seconds
 * ({@link ShortWindowsProfile#FAILURE_WINDOW}): only wrong passwords count, never an attempt whose client went away.
 */
@QuarkusTest
@TestProfile(ShortWindowsProfile.class)
@WithTestResource(value = RegistryTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class ThrottlingTest {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String WRONG = "not the right password";
    private static final int WINDOW_SECONDS = (int) ShortWindowsProfile.FAILURE_WINDOW.toSeconds();

    @Test
    void anAccountWithTooManyFailuresIsRefusedEvenWithTheRightPasswordUntilTheWindowPasses() {
        String email = registered("throttle-account");
        for (int i = 0; i < 3; i++) {
            Api.postLogin(Api.address(), email, WRONG, false).then().statusCode(401);
        }

        Response throttled = Api.postLogin(Api.address(), email, Api.PASSWORD, false);

        throttled.then().statusCode(429).contentType("application/problem+json");
        assertThat(Integer.parseInt(throttled.getHeader("Retry-After"))).isBetween(1, WINDOW_SECONDS);
        await().atMost(ShortWindowsProfile.FAILURE_WINDOW.multipliedBy(2))
                .pollInterval(Duration.ofMillis(200))
                .until(() ->
                        Api.postLogin(Api.address(), email, Api.PASSWORD, false).statusCode() == 200);
    }

    @Test
    void anAddressWithTooManyFailuresIsRefusedForEveryAccount() {
        String email = registered("throttle-address");
        String address = Api.address();
        for (int i = 0; i < 5; i++) {
            Api.postLogin(address, Api.email("unknown"), WRONG, false).then().statusCode(401);
        }

        Response throttled = Api.postLogin(address, email, Api.PASSWORD, false);

        throttled.then().statusCode(429).contentType("application/problem+json");
        assertThat(Integer.parseInt(throttled.getHeader("Retry-After"))).isBetween(1, WINDOW_SECONDS);
        Api.postLogin(Api.address(), email, Api.PASSWORD, false).then().statusCode(200);
    }

    @Test
    void aSuccessfulSignInForgivesTheAccountsFailures() {
        String email = registered("throttle-reset");
        for (int round = 0; round < 2; round++) {
            Api.postLogin(Api.address(), email, WRONG, false).then().statusCode(401);
            Api.postLogin(Api.address(), email, WRONG, false).then().statusCode(401);
            Api.postLogin(Api.address(), email, Api.PASSWORD, false).then().statusCode(200);
        }
    }

    @Test
    void parallelGuessesGetNoMoreChecksThanTheAccountsLimit() throws Exception {
        String email = registered("throttle-burst");
        ExecutorService clients = Executors.newFixedThreadPool(12);
        try {
            List<Callable<Integer>> guesses = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                guesses.add(
                        () -> Api.postLogin(Api.address(), email, WRONG, false).statusCode());
            }
            List<Integer> answers = new ArrayList<>();
            for (Future<Integer> answer : clients.invokeAll(guesses)) {
                answers.add(answer.get(60, TimeUnit.SECONDS));
            }

            // every attempt is reserved before its hash is checked, so 3 in a window, however many run at once
            assertThat(answers).filteredOn(status -> status == 401).hasSize(3);
            assertThat(answers).filteredOn(status -> status == 429).hasSize(9);
        } finally {
            clients.shutdownNow();
        }
    }

    @Test
    void aRightPasswordGivesItsReservationOnTheAddressBack() {
        List<String> accounts = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            accounts.add(registered("throttle-give-back-" + i));
        }
        String address = Api.address();
        for (String email : accounts) {
            Api.postLogin(address, email, Api.PASSWORD, false).then().statusCode(200);
        }
        for (int i = 0; i < 5; i++) {
            Api.postLogin(address, Api.email("unknown"), WRONG, false).then().statusCode(401);
        }

        Api.postLogin(address, Api.email("unknown"), WRONG, false).then().statusCode(429);
    }

    @Test
    void signInsWhoseClientWentAwayAreNotFailures() {
        String email = registered("throttle-abandoned");
        String address = Api.address();
        for (int i = 0; i < 20; i++) {
            Api.abandonedLogin(address, email, Api.PASSWORD);
        }

        Api.postLogin(address, email, Api.PASSWORD, false).then().statusCode(200);
        // the address's five failures are all still to come
        for (int i = 0; i < 5; i++) {
            Api.postLogin(address, Api.email("unknown"), WRONG, false).then().statusCode(401);
        }
        Api.postLogin(address, Api.email("unknown"), WRONG, false).then().statusCode(429);
    }

    @Test
    void anIpv6AddressCountsAsItsSlash64() {
        String email = registered("throttle-ipv6");
        String network = "2001:db8:" + Integer.toHexString(RANDOM.nextInt(0x10000)) + ":"
                + Integer.toHexString(RANDOM.nextInt(0x10000)) + ":";
        for (int i = 1; i <= 5; i++) {
            Api.postLogin(
                            network + Integer.toHexString(i) + "::" + Integer.toHexString(i),
                            Api.email("unknown"),
                            WRONG,
                            false)
                    .then()
                    .statusCode(401);
        }

        Response throttled = Api.postLogin(network + "ffff:ffff:ffff:ffff", email, Api.PASSWORD, false);
        throttled.then().statusCode(429);
        assertThat(Integer.parseInt(throttled.getHeader("Retry-After"))).isBetween(1, WINDOW_SECONDS);
        Api.postLogin(
                        "2001:db8:ffff:" + Integer.toHexString(RANDOM.nextInt(0x10000)) + "::1",
                        email,
                        Api.PASSWORD,
                        false)
                .then()
                .statusCode(200);
    }

    @Test
    void anIpv4MappedAddressCountsAsItsIpv4Address() {
        String email = registered("throttle-mapped");
        String address = Api.address();
        for (int i = 0; i < 5; i++) {
            Api.postLogin("::ffff:" + address, Api.email("unknown"), WRONG, false)
                    .then()
                    .statusCode(401);
        }

        Api.postLogin(address, email, Api.PASSWORD, false).then().statusCode(429);
    }

    private static String registered(String label) {
        String email = Api.email(label);
        Api.register(email);
        return email;
    }
}
