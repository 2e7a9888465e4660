package dev.sessions.e2e.attacks;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.sessions.e2e.GatewayClient;
import dev.sessions.e2e.GatewayClient.SignedIn;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bodies over 64 KiB are refused with 413 problem+json whether the client announces their length or streams them
 * chunked (contract, "Gateway"); bodies just under the limit still reach the service.
 */
class BodyLimitIT {

    private static final int OVER = 65 * 1024;
    private static final int UNDER = 63 * 1024;
    private static SignedIn user;

    @BeforeAll
    static void signIn() {
        user = GatewayClient.registerAndSignIn("body-limit");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/auth/login",
                "/auth/register",
                "/auth/refresh",
                "/sessions/x/report",
                "/admin/users",
                "/api/whoami",
                "/nowhere"
            })
    void plainBodyOverTheLimitIsRefused(String path) {
        byte[] body = jsonOfSize(OVER);

        RawHttp.Reply reply = post(path, body, "Content-Length: " + body.length);

        reply.assertProblem(413);
    }

    // (a chunked body to a path that reads no body, like /nowhere, is answered 404 before any of it is read)
    @ParameterizedTest
    @ValueSource(
            strings = {
                "/auth/login",
                "/auth/register",
                "/auth/refresh",
                "/sessions/x/report",
                "/admin/users",
                "/api/whoami"
            })
    void chunkedBodyOverTheLimitIsRefused(String path) {
        RawHttp.Reply reply = post(path, RawHttp.chunked(jsonOfSize(OVER)), "Transfer-Encoding: chunked");

        reply.assertProblem(413);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/auth/login", "/sessions/x/report"})
    void chunkedBodyUnderTheLimitReachesTheService(String path) {
        RawHttp.Reply reply = post(path, RawHttp.chunked(jsonOfSize(UNDER)), "Transfer-Encoding: chunked");

        assertThat(reply.status()).as("%s", reply).isBetween(400, 404);
        reply.assertProblem(reply.status());
    }

    private static RawHttp.Reply post(String path, byte[] body, String framing) {
        return RawHttp.send(
                "POST " + path + " HTTP/1.1",
                new String[] {"Authorization: " + user.bearer(), "Content-Type: application/json", framing},
                body);
    }

    private static byte[] jsonOfSize(int size) {
        StringBuilder body = new StringBuilder(size).append("{\"padding\":\"");
        while (body.length() < size - 2) {
            body.append('x');
        }
        return body.append("\"}").toString().getBytes(StandardCharsets.US_ASCII);
    }
}
