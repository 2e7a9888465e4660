package dev.sessions.e2e.attacks;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import dev.sessions.e2e.GatewayClient;
import dev.sessions.e2e.GatewayClient.SignedIn;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Broken requests are client errors answered at once with problem+json, never an outage (503), a hang or nginx's own
 * HTML page (contract, "Errors": every error the gateway makes is application/problem+json).
 */
class MalformedRequestsIT {

    private static SignedIn user;

    @BeforeAll
    static void signIn() {
        user = GatewayClient.registerAndSignIn("malformed");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"X-Note: a\u0001b", "User-Agent: x\u0007y", "Accept: text/plain\u001b[31m", "X-Tab-Only: \u007f"
            })
    void controlCharacterInAHeaderOnTheApiIsABadRequestNotAnOutage(String headerLine) {
        RawHttp.Reply reply = RawHttp.get("/api/whoami", "Authorization: " + user.bearer(), headerLine);

        assertThat(reply.status()).as("%s", reply).isIn(200, 400);
        if (reply.status() == 400) {
            reply.assertProblem(400);
        }
    }

    /**
     * The services' HTTP parser refuses a control character in any header value with an empty 400; the gateway must
     * answer such a request itself, or keep the header from the service, on every route it proxies to a service.
     */
    @ParameterizedTest
    @MethodSource("serviceRoutesWithControlCharacters")
    void controlCharacterInAHeaderOnAServiceRouteIsAProblemOrIsIgnored(String requestLine, String headerLine) {
        RawHttp.Reply reply = RawHttp.send(
                requestLine,
                new String[] {"Authorization: " + user.bearer(), "Content-Length: 0", headerLine},
                new byte[0]);

        assertThat(reply.status()).as("%s", reply).isBetween(200, 499);
        if (reply.status() >= 400) {
            reply.assertProblem(reply.status());
        }
    }

    static Stream<Arguments> serviceRoutesWithControlCharacters() {
        List<String> routes = List.of(
                "GET /sessions HTTP/1.1",
                "GET /sessions/current HTTP/1.1",
                "GET /sessions/history HTTP/1.1",
                "GET /admin/users HTTP/1.1",
                "GET /admin/users/x/sessions HTTP/1.1",
                "GET /admin/reports HTTP/1.1",
                "POST /auth/refresh HTTP/1.1",
                "POST /auth/login HTTP/1.1",
                "GET /auth/jwks.json HTTP/1.1",
                "GET /.well-known/jwks.json HTTP/1.1",
                "GET /.well-known/openid-configuration HTTP/1.1");
        List<String> headers = List.of(
                "X-Note: a\u0001b",
                "User-Agent: x\u0007y",
                "Accept: application/json\u001b",
                "Cookie: refresh_token=\u0001",
                "Origin: http://a\u007f",
                "Sec-CH-UA: \"Chromium\";v=\"\u0001\"",
                "Sec-CH-UA-Mobile: ?0\u001b",
                "Sec-CH-UA-Platform: \"Win\u0002dows\"",
                "Sec-CH-UA-Model: \"Pixel\u007f\"",
                "Sec-CH-UA-Platform-Version: \"15\u0003\"",
                "Sec-CH-UA-Full-Version-List: \"Chromium\";v=\"120\u0004\"");
        return routes.stream().flatMap(route -> headers.stream().map(header -> Arguments.of(route, header)));
    }

    @Test
    void controlCharacterInTheBearerTokenIsABadRequestNotAnOutage() {
        RawHttp.Reply reply = RawHttp.get("/api/whoami", "Authorization: " + user.bearer() + "\u0001");

        assertThat(reply.status()).as("%s", reply).isIn(400, 401);
        reply.assertProblem(reply.status());
    }

    @Test
    void contentLengthTogetherWithTransferEncodingIsRefusedAtOnce() {
        byte[] body = "{\"email\":\"a@b.c\",\"password\":\"x\"}".getBytes(StandardCharsets.US_ASCII);

        RawHttp.Reply reply = RawHttp.send(
                "POST /auth/login HTTP/1.1",
                new String[] {
                    "Content-Type: application/json", "Content-Length: " + body.length, "Transfer-Encoding: chunked"
                },
                body);

        // nginx refuses this one in its header parser; its error page must not trip the gateway's own check again
        reply.assertProblem(400);
    }

    @Test
    void malformedRequestLineIsAProblem() {
        RawHttp.sendBytes("GET /a b c HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII))
                .assertProblem(400);
    }

    @Test
    void missingHostIsAProblem() {
        RawHttp.sendBytes("GET / HTTP/1.1\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII))
                .assertProblem(400);
    }

    @Test
    void overlongUriIsAProblem() {
        RawHttp.get("/auth/" + "a".repeat(70_000)).assertProblem(414);
    }

    @Test
    void overlongHeaderIsAProblem() {
        RawHttp.get("/auth/jwks.json", "X-Padding: " + "a".repeat(70_000)).assertProblem(431);
    }

    @Test
    void longRequestLineTheGatewayAcceptsIsNotRefusedWithAnEmptyBodyByAService() {
        String query = "?q=" + "a".repeat(12_000);

        RawHttp.Reply keys = RawHttp.get("/auth/jwks.json" + query);
        RawHttp.Reply sessions = RawHttp.get("/sessions" + query, "Authorization: " + user.bearer());

        assertThat(keys.status()).as("%s", keys).isEqualTo(200);
        assertThat(sessions.status()).as("%s", sessions).isEqualTo(200);
    }

    @Test
    void largeHeadersTheGatewayAcceptsAreNotRefusedWithAnEmptyBodyByAService() {
        String[] headers = {
            "X-Padding-1: " + "a".repeat(12_000),
            "X-Padding-2: " + "b".repeat(12_000),
            "X-Padding-3: " + "c".repeat(12_000),
            "Authorization: " + user.bearer()
        };

        RawHttp.Reply keys = RawHttp.send("GET /auth/jwks.json HTTP/1.1", headers, null);
        RawHttp.Reply sessions = RawHttp.send("GET /sessions HTTP/1.1", headers, null);

        assertThat(keys.status()).as("%s", keys).isEqualTo(200);
        assertThat(sessions.status()).as("%s", sessions).isEqualTo(200);
    }

    @Test
    void unknownTransferEncodingIsAProblem() {
        RawHttp.send("POST /auth/login HTTP/1.1", new String[] {"Transfer-Encoding: gzip"}, new byte[0])
                .assertProblem(501);
    }

    @Test
    void unsupportedHttpVersionIsAProblem() {
        RawHttp.sendBytes("GET / HTTP/2.7\r\nHost: x\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII))
                .assertProblem(505);
    }

    @Test
    void wrongMethodOnAConsoleFileIsAProblem() {
        RawHttp.send("POST /index.html HTTP/1.1", new String[] {"Content-Length: 0"}, new byte[0])
                .assertProblem(405);
    }

    @Test
    void missingLengthOnAPostIsAProblemOrAccepted() {
        RawHttp.Reply reply = RawHttp.send("POST /auth/logout HTTP/1.1", new String[] {}, null);

        assertThat(reply.status()).as("%s", reply).isBetween(400, 499);
        reply.assertProblem(reply.status());
    }
}
