package dev.sessions.auth.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.sessions.auth.support.Api;
import dev.sessions.auth.support.Api.Session;
import dev.sessions.auth.support.Registry;
import dev.sessions.auth.support.RegistryTestResource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many users' bearer requests at the same moment: each must act for the token that asked. Every user has a password
 * of their own, so a password change served as another caller is refused (403), and a sign-out or a revocation of
 * "the other sessions" served as another caller ends sessions of the wrong user, which the checks below see.
 */
@QuarkusTest
@WithTestResource(value = RegistryTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class CallerIsolationTest {

    // below the hashing queue (auth.password-hashing.max-queue, 64), so that no change is refused for capacity
    private static final int USERS = 32;

    private static ExecutorService pool;

    /** One user with two sessions and a password of their own. */
    record Person(String email, String password, Session first, Session second) {}

    @BeforeAll
    static void startPool() {
        pool = Executors.newFixedThreadPool(USERS);
    }

    @AfterAll
    static void stopPool() {
        pool.shutdownNow();
    }

    @Test
    void passwordChangesAtOnceEachChangeTheirOwnCallersPassword() throws Exception {
        List<Person> people = people("pw");

        everyoneAtOnce(i -> () -> {
            Person p = people.get(i);
            int status = Api.from(p.first().address())
                    .header("Authorization", Api.bearer(p.first().accessToken()))
                    .contentType(ContentType.JSON)
                    .body(Map.of(
                            "currentPassword", p.password(), "newPassword", renewed(p), "signOutOtherSessions", true))
                    .post("/auth/password")
                    .statusCode();
            assertThat(status).as("password change of %s", p.email()).isEqualTo(204);
            return null;
        });

        for (Person p : people) {
            assertThat(Registry.check(p.first().accessToken()))
                    .as("changing session of %s", p.email())
                    .isEqualTo(204);
            assertThat(Registry.check(p.second().accessToken()))
                    .as("other session of %s", p.email())
                    .isEqualTo(401);
            Api.postLogin(Api.address(), p.email(), p.password(), false).then().statusCode(401);
            assertThat(Api.login(p.email(), renewed(p), false).userId())
                    .isEqualTo(p.first().userId());
        }
    }

    @Test
    void bearerSignOutsAtOnceEachEndTheirOwnCallersSession() throws Exception {
        List<Person> people = people("out");

        everyoneAtOnce(i -> () -> {
            Person p = people.get(i);
            int status = Api.from(p.first().address())
                    .header("Authorization", Api.bearer(p.first().accessToken()))
                    .post("/auth/logout")
                    .statusCode();
            assertThat(status).as("sign-out of %s", p.email()).isEqualTo(204);
            return null;
        });

        for (Person p : people) {
            assertThat(Registry.check(p.first().accessToken()))
                    .as("signed-out session of %s", p.email())
                    .isEqualTo(401);
            assertThat(Registry.check(p.second().accessToken()))
                    .as("other session of %s", p.email())
                    .isEqualTo(204);
        }
    }

    private static String renewed(Person p) {
        return p.password() + " renewed";
    }

    /** The users, set up side by side to save the test's time (the calls under test are the ones released at once). */
    private static List<Person> people(String label) throws Exception {
        List<Callable<Person>> signUps = new ArrayList<>();
        for (int i = 0; i < USERS; i++) {
            int n = i;
            signUps.add(() -> {
                String email = Api.email(label + "-" + n);
                String password = "own password " + label + " " + n;
                Api.register(email, password, "User " + n);
                return new Person(
                        email, password, Api.login(email, password, false), Api.login(email, password, false));
            });
        }
        List<Person> people = new ArrayList<>();
        for (Future<Person> person : pool.invokeAll(signUps)) {
            people.add(person.get(2, TimeUnit.MINUTES));
        }
        return people;
    }

    /** Runs one call per user, all released at the same moment, and fails on the first failed call. */
    private static void everyoneAtOnce(IntFunction<Callable<Void>> call) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Void>> calls = new ArrayList<>();
        for (int i = 0; i < USERS; i++) {
            Callable<Void> own = call.apply(i);
            calls.add(pool.submit(() -> {
                start.await();
                return own.call();
            }));
        }
        start.countDown();
        for (Future<Void> answer : calls) {
            answer.get(2, TimeUnit.MINUTES);
        }
    }
}
