package dev.sessions.auth.error;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

import jakarta.inject.Inject;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import dev.sessions.auth.support.Api;
import dev.sessions.auth.support.Api.Session;
import dev.sessions.auth.support.RegistryTestResource;
import dev.sessions.auth.support.StoreFaultProfile;
import dev.sessions.auth.user.PasswordHasher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A frozen PostgreSQL (SIGSTOP) makes sign-in answer 503 within the user store's timeout, never counted as a failed
 * attempt, and the service recovers by itself when it wakes up, with its small pool (4) intact, also after a burst of
 * clients that went away; a Redis killed under a refresh, or down, makes it answer 503 problem+json.
 */
@QuarkusTest
@TestProfile(StoreFaultProfile.class)
@WithTestResource(value = RegistryTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class StoreFaultTest {

    /** Far longer than the 3 s store timeout: a client that waits this long saw a hang. */
    private static final Duration CLIENT_PATIENCE = Duration.ofSeconds(20);

    Consumer<String> postgresFaults;
    Consumer<String> redisFaults;
    LongSupplier redisHeldBytes;

    @Inject
    PasswordHasher hasher;

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void aFrozenPostgresMeans503NotFailuresAndSignInWorksAgainWhenItWakes() {
        String email = registered("frozen");
        String address = Api.address();

        postgresFaults.accept("freeze");
        List<HttpResponse<String>> answers;
        try {
            List<CompletableFuture<HttpResponse<String>>> signIns = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                signIns.add(signIn(address, email, Api.PASSWORD));
            }
            answers = signIns.stream().map(CompletableFuture::join).toList();
        } finally {
            postgresFaults.accept("thaw");
        }

        assertThat(answers).allSatisfy(answer -> {
            assertThat(answer.statusCode()).isEqualTo(503);
            assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        });
        // eight 503s on an account that allows three failures: none of them counted
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> signIn(address, email, Api.PASSWORD).join().statusCode() == 200);
        for (int i = 0; i < 8; i++) {
            assertThat(signIn(Api.address(), email, Api.PASSWORD).join().statusCode())
                    .isEqualTo(200);
        }
    }

    @Test
    void clientsGoingAwayWhilePostgresIsSlowLeakNoConnectionAndCountAsNothing() throws IOException {
        List<String> emails = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            emails.add(registered("gone-" + i));
        }
        String office = Api.address();

        postgresFaults.accept("freeze");
        List<Socket> gone = new ArrayList<>();
        try {
            for (String email : emails) {
                gone.add(Api.openLogin(office, email, Api.PASSWORD));
            }
            // a sign-in sent after them has waited as long as they have when it answers
            assertThat(signIn(Api.address(), emails.get(0), Api.PASSWORD).join().statusCode())
                    .isEqualTo(503);
            for (Socket socket : gone) {
                socket.close();
            }
        } finally {
            postgresFaults.accept("thaw");
        }

        // twelve sign-ins gone away from an address that allows five failures: none counted, no connection lost
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> signIn(office, emails.get(0), Api.PASSWORD).join().statusCode() == 200);
        for (String email : emails) {
            assertThat(signIn(office, email, Api.PASSWORD).join().statusCode()).isEqualTo(200);
        }
    }

    @Test
    void refreshesWhenRedisIsKilledUnderThemAndWhileItIsDownAre503ProblemJson() {
        Session session = Api.login(registered("redis-down"));

        redisFaults.accept("freeze");
        CompletableFuture<HttpResponse<String>> inFlight;
        try {
            inFlight = refresh(session);
            await().atMost(Duration.ofSeconds(10)).until(() -> redisHeldBytes.getAsLong() > 0);
            redisFaults.accept("down");
        } finally {
            redisFaults.accept("thaw");
        }
        List<HttpResponse<String>> answers;
        try {
            answers = List.of(inFlight.join(), refresh(session).join());
        } finally {
            redisFaults.accept("up");
        }

        assertThat(answers).allSatisfy(answer -> {
            assertThat(answer.statusCode()).isEqualTo(503);
            assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(answer.body()).doesNotContain("Exception").doesNotContain("Error id");
        });
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> refresh(session).join().statusCode() == 200);
    }

    private CompletableFuture<HttpResponse<String>> refresh(Session session) {
        return send(HttpRequest.newBuilder(uri("/auth/refresh"))
                .header("X-Forwarded-For", session.address())
                .header("Cookie", "refresh_token=" + session.refreshCookie())
                .POST(HttpRequest.BodyPublishers.noBody()));
    }

    private CompletableFuture<HttpResponse<String>> signIn(String address, String email, String password) {
        String body = "{\"email\":\"" + email + "\",\"password\":\"" + password + "\",\"rememberMe\":false}";
        return send(HttpRequest.newBuilder(uri("/auth/login"))
                .header("Content-Type", "application/json")
                .header("X-Forwarded-For", address)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private CompletableFuture<HttpResponse<String>> send(HttpRequest.Builder request) {
        return http.sendAsync(request.timeout(CLIENT_PATIENCE).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + RestAssured.port + path);
    }

    /** An account with the standard password, written to the user store (registration is off in this profile). */
    private String registered(String label) {
        String email = Api.email(label);
        String hash = hasher.hash(Api.PASSWORD).await().atMost(Duration.ofSeconds(30));
        var config = ConfigProvider.getConfig();
        try (Connection db = DriverManager.getConnection(
                        config.getValue("quarkus.datasource.jdbc.url", String.class),
                        config.getValue("quarkus.datasource.username", String.class),
                        config.getValue("quarkus.datasource.password", String.class));
                PreparedStatement insert = db.prepareStatement(
                        "INSERT INTO auth.users (id, email, display_name,"
                                + " password_hash, roles, status, created_at) VALUES (?, ?, 'Test User', ?, 'user', 'ACTIVE', ?)")) {
            insert.setObject(1, UUID.randomUUID());
            insert.setString(2, email);
            insert.setString(3, hash);
            insert.setTimestamp(4, Timestamp.from(Instant.now()));
            assertThat(insert.executeUpdate()).isEqualTo(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return email;
    }
}
