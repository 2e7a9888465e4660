package dev.sessions.registry.security;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

import dev.sessions.registry.support.Api;
import dev.sessions.registry.support.JwksServer;
import dev.sessions.registry.support.TestEnvironment;
import dev.sessions.registry.support.Tokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The periodic JWK Set refresh runs beside the requests, never in their way. */
@QuarkusTest
@WithTestResource(value = TestEnvironment.class, scope = TestResourceScope.GLOBAL)
class JwksRefreshTest {

    @Test
    void aDueRefreshToAHungAuthServiceHoldsNoRequest() {
        String uid = Api.newUserId();
        String sid = Api.open(uid, Api.CHROME_WINDOWS, "81.2.69.142");
        Api.bearer(Tokens.user(uid, sid)).get("/check").then().statusCode(204);
        HttpClient http = HttpClient.newHttpClient();
        JwksServer jwks = TestEnvironment.jwks();
        // refreshes are due every second (TestEnvironment); a fetch may take 30 s, far beyond each request's 10 s
        jwks.hang(true);
        try {
            await().atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> {
                        HttpResponse<Void> answer = http.send(
                                HttpRequest.newBuilder(URI.create("http://localhost:" + RestAssured.port + "/check"))
                                        .header("Authorization", "Bearer " + Tokens.user(uid, sid))
                                        .timeout(Duration.ofSeconds(10))
                                        .build(),
                                HttpResponse.BodyHandlers.discarding());
                        assertThat(answer.statusCode()).isEqualTo(204);
                        return jwks.held() > 0;
                    });
        } finally {
            jwks.hang(false);
        }
        Api.bearer(Tokens.user(uid, sid)).get("/check").then().statusCode(204);
    }
}
