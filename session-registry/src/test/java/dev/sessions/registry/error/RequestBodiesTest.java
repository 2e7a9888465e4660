package dev.sessions.registry.error;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

import dev.sessions.registry.support.Api;
import dev.sessions.registry.support.TestEnvironment;
import dev.sessions.registry.support.Tokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/** Form bodies of every size and framing: a 4xx problem or an answer, never a 500 or a plain-text error. */
@QuarkusTest
@WithTestResource(value = TestEnvironment.class, scope = TestResourceScope.GLOBAL)
class RequestBodiesTest {

    @Test
    void largeIntrospectionFormsAre413Problems() {
        for (int size : List.of(2_100, 10_000, 11_000, 20_000, 60_000)) {
            RestAssured.given()
                    .header("Authorization", "Bearer " + TestEnvironment.INTERNAL_TOKEN)
                    .contentType("application/x-www-form-urlencoded")
                    .body("token=" + "a".repeat(size))
                    .post("/introspect")
                    .then()
                    .statusCode(413)
                    .contentType("application/problem+json")
                    .body("status", equalTo(413));
        }
    }

    @Test
    void chunkedFormBodiesNeverGet500() throws IOException {
        String uid = Api.newUserId();
        String sid = Api.open(uid, Api.CHROME_WINDOWS, "81.2.69.142");
        String admin = "Bearer " + Tokens.admin(uid, sid);
        String internal = "Bearer " + TestEnvironment.INTERNAL_TOKEN;
        for (String[] request : List.of(
                new String[] {"POST", "/introspect", internal},
                new String[] {"GET", "/admin/users/" + uid + "/sessions", admin},
                new String[] {"POST", "/admin/users/" + uid + "/logout", admin},
                new String[] {"GET", "/sessions", admin},
                new String[] {"GET", "/check", admin},
                new String[] {"POST", "/internal/sessions", internal})) {
            for (int size : List.of(10, 5_000, 70_000)) {
                String answer = chunkedForm(request[0], request[1], request[2], "token=" + "a".repeat(size));
                int status = Integer.parseInt(answer.substring(9, 12));
                assertThat(status)
                        .as("%s %s with %d characters: %s", request[0], request[1], size, answer)
                        .isLessThan(500);
                if (status >= 400) {
                    assertThat(answer)
                            .as("%s %s", request[0], request[1])
                            .containsIgnoringCase("content-type: application/problem+json");
                }
            }
        }
    }

    /** Sends a form body with Transfer-Encoding: chunked (in 1 KiB chunks) and returns the raw answer. */
    private static String chunkedForm(String method, String path, String authorization, String body)
            throws IOException {
        try (Socket socket = new Socket("127.0.0.1", RestAssured.port)) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write((method + " " + path + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: " + authorization
                            + "\r\nContent-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            byte[] bytes = body.getBytes(StandardCharsets.US_ASCII);
            try {
                for (int from = 0; from < bytes.length; from += 1024) {
                    int length = Math.min(1024, bytes.length - from);
                    out.write((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(bytes, from, length);
                    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                }
                out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
            } catch (IOException answeredEarly) {
                // the server may answer (413) and close before the whole body is sent
            }
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            try {
                for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
                    answer.write(buffer, 0, n);
                }
            } catch (IOException reset) {
                // a reset after the answer: what was read is the answer
            }
            return answer.toString(StandardCharsets.ISO_8859_1);
        }
    }
}
