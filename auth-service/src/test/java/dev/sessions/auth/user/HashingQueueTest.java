package dev.sessions.auth.user;

import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.Test;

import dev.sessions.auth.support.Api;
import dev.sessions.auth.support.RegistryTestResource;
import dev.sessions.auth.support.SmallCapacityProfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The password-hashing queue (one thread, two places): when it is full a request answers 503 with Retry-After at once,
 * which is no failed sign-in; a queued hash whose client went away leaves the queue and is never computed.
 */
@QuarkusTest
@TestProfile(SmallCapacityProfile.class)
@WithTestResource(value = RegistryTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class HashingQueueTest {

    /** A request the full queue made wait would hang until the test lets the hashing thread go. */
    private static final RestAssuredConfig IMPATIENT = RestAssuredConfig.config()
            .httpClient(HttpClientConfig.httpClientConfig().setParam("http.socket.timeout", 10_000));

    @Inject
    Vertx vertx;

    @Inject
    PasswordHasher hasher;

    @Test
    void aFullQueueAnswers503WithRetryAfterAtOnceAndNoSignInIsCountedAsFailed() {
        String email = Api.email("queue-full");
        Api.register(email);
        String address = Api.address();

        CountDownLatch release = occupyTheHashingThread();
        List<CompletableFuture<Integer>> queued;
        try {
            queued = List.of(signInLater(address, email), signInLater(address, email));
            await().atMost(Duration.ofSeconds(10)).until(() -> hasher.queued() == 2);
            for (int i = 0; i < 12; i++) {
                Response refused = Api.from(address)
                        .config(IMPATIENT)
                        .contentType(ContentType.JSON)
                        .body(Map.of("email", email, "password", Api.PASSWORD))
                        .post("/auth/login");
                refused.then().statusCode(503).contentType("application/problem+json");
                assertThat(refused.getHeader("Retry-After")).isEqualTo("1");
            }
            Api.from(address)
                    .config(IMPATIENT)
                    .contentType(ContentType.JSON)
                    .body(Map.of("email", Api.email("queue-new"), "password", Api.PASSWORD, "displayName", "Q"))
                    .post("/auth/register")
                    .then()
                    .statusCode(503)
                    .header("Retry-After", "1");
        } finally {
            release.countDown();
        }

        assertThat(queued).allSatisfy(signIn -> assertThat(signIn.join()).isEqualTo(200));
        // twelve refusals on an account that allows ten failures: none counted
        Api.postLogin(address, email, Api.PASSWORD, false).then().statusCode(200);
    }

    @Test
    void aQueuedHashWhoseClientWentAwayIsNeverComputed() throws IOException {
        String email = Api.email("queue-gone");
        Api.register(email);

        CountDownLatch release = occupyTheHashingThread();
        long computed;
        try {
            Socket first = Api.openLogin(Api.address(), email, Api.PASSWORD);
            Socket second = Api.openLogin(Api.address(), email, Api.PASSWORD);
            await().atMost(Duration.ofSeconds(10)).until(() -> hasher.queued() == 2);
            computed = hasher.computed();

            first.close();
            second.close();
            await().atMost(Duration.ofSeconds(10)).until(() -> hasher.queued() == 0);
        } finally {
            release.countDown();
        }

        Api.postLogin(Api.address(), email, Api.PASSWORD, false).then().statusCode(200);
        assertThat(hasher.computed()).isEqualTo(computed + 1);
    }

    /** Takes the one hashing thread until the latch is released: the hashing pool is shared by its name. */
    private CountDownLatch occupyTheHashingThread() {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        vertx.createSharedWorkerExecutor(PasswordHasher.POOL, 1)
                .executeBlocking(
                        () -> {
                            started.countDown();
                            return release.await(60, TimeUnit.SECONDS);
                        },
                        false);
        try {
            assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return release;
    }

    private static CompletableFuture<Integer> signInLater(String address, String email) {
        return CompletableFuture.supplyAsync(
                () -> Api.postLogin(address, email, Api.PASSWORD, false).statusCode());
    }
}
