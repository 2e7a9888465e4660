package dev.sessions.auth.error;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import dev.sessions.auth.support.Api;
import dev.sessions.auth.support.RegistryTestResource;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/** Bad input gets a clear problem+json answer, never a 5xx or an internal name. */
@QuarkusTest
@WithTestResource(value = RegistryTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class ErrorHandlingTest {

    private static final List<String> INTERNAL_NAMES =
            List.of("java.", "com.fasterxml", "dev.sessions", "io.quarkus", "Exception", "at [Source");

    @Test
    void malformedJsonIs400WithoutInternalNames() {
        for (String body : List.of(
                "{",
                "not json",
                "{\"email\": [1,2",
                "{\"email\":\"a@b.example\",\"password\":{}}",
                "{\"email\":\"a@b.example\",\"password\":\"x\",\"rememberMe\":\"perhaps\"}",
                "[]")) {
            Response response = Api.from(Api.address())
                    .contentType(ContentType.JSON)
                    .body(body)
                    .post("/auth/login");
            assertProblem(response, 400);
        }
        assertProblem(
                Api.from(Api.address()).contentType(ContentType.JSON).body("{").post("/auth/register"), 400);
        assertProblem(Api.from(Api.address()).contentType(ContentType.JSON).post("/auth/login"), 400);
    }

    @Test
    void bodiesOver64KibAre413() {
        String big = "{\"email\":\"" + "a".repeat(70_000) + "@x.example\",\"password\":\"p\"}";

        assertProblem(
                Api.from(Api.address()).contentType(ContentType.JSON).body(big).post("/auth/login"), 413);
        assertProblem(
                Api.from(Api.address()).contentType(ContentType.JSON).body(big).post("/auth/register"), 413);
        Response chunked = Api.from(Api.address())
                .contentType(ContentType.JSON)
                .body(new ByteArrayInputStream(big.getBytes()))
                .post("/auth/register");
        assertProblem(chunked, 413);
    }

    @Test
    void aBodyJustUnderTheLimitIsRead() {
        String padding = "x".repeat(64 * 1024 - 200);
        Api.from(Api.address())
                .contentType(ContentType.JSON)
                .body("{\"email\":\"" + Api.email("pad") + "\",\"password\":\"" + Api.PASSWORD + "\",\"pad\":\""
                        + padding + "\"}")
                .post("/auth/login")
                .then()
                .statusCode(401);
    }

    @Test
    void unknownPathsMethodsAndMediaTypesAreProblems() {
        assertProblem(given().get("/auth/nothing-here"), 404);
        assertProblem(given().get("/no/such/path"), 404);
        assertProblem(given().get("/auth/login"), 405);
        assertProblem(
                Api.from(Api.address())
                        .contentType(ContentType.TEXT)
                        .body("email=x")
                        .post("/auth/login"),
                415);
    }

    @Test
    void problemsHaveTheRfc9457Members() {
        Api.from(Api.address())
                .contentType(ContentType.JSON)
                .body("{}")
                .post("/auth/register")
                .then()
                .statusCode(400)
                .body("type", equalTo("about:blank"))
                .body("title", equalTo("Bad Request"))
                .body("status", equalTo(400))
                .body("detail", equalTo("email is required."));
    }

    @Test
    void aNonAsciiOriginIsAClientErrorNotAFailure() throws IOException {
        for (Charset charset : List.of(StandardCharsets.UTF_8, StandardCharsets.ISO_8859_1)) {
            String email = Api.email("origin");
            String body = "{\"email\":\"" + email + "\",\"password\":\"" + Api.PASSWORD + "\",\"displayName\":\"O\"}";
            RawAnswer register = raw(
                    "POST /auth/register HTTP/1.1\r\nHost: localhost\r\nOrigin: https://bücher.example\r\n"
                            + "X-Forwarded-For: " + Api.address()
                            + "\r\nContent-Type: application/json\r\nContent-Length: "
                            + body.length() + "\r\nConnection: close\r\n\r\n" + body,
                    charset);
            assertThat(register.status()).as(register.text()).isEqualTo(201);
        }

        RawAnswer refresh = raw("POST /auth/refresh HTTP/1.1\r\nHost: localhost\r\nOrigin: https://bücher.example\r\n"
                + "Cookie: refresh_token=abc\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        refresh.assertProblem(403);
    }

    @Test
    void aChunkedFormBodyOnAGetIsNoFailure() throws IOException {
        RawAnswer anonymous = raw(
                "GET /admin/users HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                        + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n5\r\na=b&c\r\n0\r\n\r\n");
        anonymous.assertProblem(401);

        String adminToken = Api.login(
                        org.eclipse.microprofile.config.ConfigProvider.getConfig()
                                .getValue("auth.bootstrap-admin.email", String.class),
                        RegistryTestResource.ADMIN_PASSWORD,
                        false)
                .accessToken();
        RawAnswer admin =
                raw("GET /admin/users HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + adminToken + "\r\n"
                        + "Content-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                        + "5\r\na=b&c\r\n0\r\n\r\n");
        assertThat(admin.status()).as(admin.text()).isEqualTo(200);
    }

    /** An answer read off the socket, for requests a well-behaved client library will not send. */
    private record RawAnswer(int status, String text) {
        void assertProblem(int expected) {
            assertThat(status).as(text).isEqualTo(expected);
            assertThat(text.toLowerCase(java.util.Locale.ROOT)).contains("content-type: application/problem+json");
            assertThat(text).contains("\"status\":" + expected).doesNotContain(INTERNAL_NAMES);
        }
    }

    private static RawAnswer raw(String request) throws IOException {
        return raw(request, StandardCharsets.UTF_8);
    }

    private static RawAnswer raw(String request, Charset charset) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", RestAssured.port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(charset));
            socket.getOutputStream().flush();
            String text = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return new RawAnswer(Integer.parseInt(text.substring(9, 12)), text);
        }
    }

    private static void assertProblem(Response response, int status) {
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.jsonPath().getInt("status")).isEqualTo(status);
        assertThat(response.jsonPath().getString("type")).isNotBlank();
        assertThat(response.jsonPath().getString("title")).isNotBlank();
        assertThat(response.jsonPath().getString("detail")).isNotBlank();
        assertThat(response.asString()).doesNotContain(INTERNAL_NAMES);
    }
}
