package dev.sessions.auth.support;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

import dev.sessions.testing.PrometheusText;
import dev.sessions.testing.UserAgents;

import static io.restassured.RestAssured.given;

/** Requests as a browser behind the gateway would make them, each test client with its own address. */
public final class Api {

    /** A desktop Chrome. */
    public static final String USER_AGENT = UserAgents.CHROME_WINDOWS;
    /** A password that meets the policy. */
    public static final String PASSWORD = "correct horse battery";

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int ADDRESSES = 1 << 17;
    private static final AtomicInteger NEXT_ADDRESS = new AtomicInteger(RANDOM.nextInt(ADDRESSES));

    private Api() {}

    /** A signed-in session as the client holds it. */
    public record Session(
            String userId,
            String sessionId,
            String accessToken,
            String refreshCookie,
            String setCookie,
            String address) {}

    /** An email no other test (or earlier run) uses. */
    public static String email(String label) {
        return label + "-" + UUID.randomUUID().toString().substring(0, 12) + "@test.example";
    }

    /**
     * An address no other call in this JVM gets (198.18.0.0/15, taken in turn from a random start), so the per-address
     * counters of tests never meet: random picks from a /16 met often enough to fail a throttling test in CI.
     */
    public static String address() {
        int n = Math.floorMod(NEXT_ADDRESS.getAndIncrement(), ADDRESSES);
        return "198." + (18 + (n >> 16)) + "." + ((n >> 8) & 0xff) + "." + (n & 0xff);
    }

    /** A request from the client at this address, forwarded by a trusted proxy. */
    public static RequestSpecification from(String address) {
        return given().header("X-Forwarded-For", address).header("User-Agent", USER_AGENT);
    }

    /** Registers an account and returns its id. */
    public static String register(String email, String password, String displayName) {
        return from(address())
                .contentType(ContentType.JSON)
                .body(Map.of("email", email, "password", password, "displayName", displayName))
                .post("/auth/register")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    /** Registers an account with the standard password and returns its id. */
    public static String register(String email) {
        return register(email, PASSWORD, "Test User");
    }

    /** Posts a sign-in. */
    public static Response postLogin(String address, String email, String password, boolean rememberMe) {
        return from(address)
                .contentType(ContentType.JSON)
                .body(Map.of("email", email, "password", password, "rememberMe", rememberMe))
                .post("/auth/login");
    }

    /**
     * Sends a sign-in over a socket of its own and leaves that socket open (the client waits); closing it is a client
     * that went away before the answer.
     */
    public static Socket openLogin(String address, String email, String password) {
        String body = "{\"email\":\"" + email + "\",\"password\":\"" + password + "\",\"rememberMe\":false}";
        return openPost("/auth/login", address, null, body);
    }

    /**
     * Sends a JSON POST on a connection of its own and returns it unread, so that the caller can go away (close it)
     * while the request is being handled; with {@code accessToken} as its bearer token when not null.
     */
    public static Socket openPost(String path, String address, String accessToken, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String head = "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "X-Forwarded-For: " + address + "\r\nUser-Agent: " + USER_AGENT + "\r\n"
                + (accessToken == null ? "" : "Authorization: " + bearer(accessToken) + "\r\n")
                + "Content-Length: " + bytes.length
                + "\r\n\r\n";
        try {
            Socket socket = new Socket("127.0.0.1", RestAssured.port);
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write(bytes);
            out.flush();
            return socket;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A sign-in whose client closes the connection right after sending it. */
    public static void abandonedLogin(String address, String email, String password) {
        abandonedLogin(address, email, password, Duration.ZERO);
    }

    /**
     * A sign-in whose client gives up after {@code patience} (as a load tool's timeout does) and closes the connection,
     * usually while its password is being checked.
     */
    public static void abandonedLogin(String address, String email, String password, Duration patience) {
        try (Socket socket = openLogin(address, email, password)) {
            Thread.sleep(patience.toMillis());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Signs in, expecting success. */
    public static Session login(String email, String password, boolean rememberMe) {
        String address = address();
        Response response = postLogin(address, email, password, rememberMe);
        response.then().statusCode(200);
        return session(response, address);
    }

    /** Signs in with the standard password, without remember-me. */
    public static Session login(String email) {
        return login(email, PASSWORD, false);
    }

    /** Posts a refresh with this cookie. */
    public static Response postRefresh(String address, String refreshCookie) {
        return from(address).cookie("refresh_token", refreshCookie).post("/auth/refresh");
    }

    /** Refreshes, expecting success, and returns the new session state. */
    public static Session refresh(Session session) {
        Response response = postRefresh(session.address(), session.refreshCookie());
        response.then().statusCode(200);
        return session(response, session.address());
    }

    /** The session a token answer (and its Set-Cookie) describes. */
    public static Session session(Response response, String address) {
        String setCookie = response.getHeader("Set-Cookie");
        return new Session(
                response.path("user.id"),
                response.path("sessionId"),
                response.path("accessToken"),
                response.getCookie("refresh_token"),
                setCookie,
                address);
    }

    /** {@code Authorization} header value for an access token. */
    public static String bearer(String accessToken) {
        return "Bearer " + accessToken;
    }

    /** auth-service's metrics as Prometheus scrapes them. */
    public static PrometheusText metrics() {
        return PrometheusText.parse(
                given().get("/q/metrics").then().statusCode(200).extract().asString());
    }
}
