package dev.sessions.e2e.attacks;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.sessions.e2e.GatewayClient;
import dev.sessions.e2e.GatewayClient.Answer;
import dev.sessions.e2e.GatewayClient.SignedIn;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Identity and forwarding headers a client sends are overwritten by the gateway, never believed: X-Auth-* (who the
 * protected app thinks the caller is) and X-Forwarded-For / X-Real-IP / Forwarded (the address a session records
 * and the throttles count).
 */
class ForgedHeadersIT {

    @Test
    void forgedIdentityHeadersAreReplacedByTheChecksAnswer() {
        SignedIn user = GatewayClient.registerAndSignIn("forged-identity");
        SignedIn admin = GatewayClient.signInAsAdmin();

        Answer answer = GatewayClient.get(
                "/api/whoami",
                "Authorization",
                user.bearer(),
                "X-Auth-User",
                admin.userId(),
                "X-Auth-Session",
                admin.sessionId(),
                "X-Auth-Roles",
                "user,admin");

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        JsonNode whoami = answer.json();
        assertThat(whoami.path("userId").asText()).isEqualTo(user.userId());
        assertThat(whoami.path("sessionId").asText()).isEqualTo(user.sessionId());
        assertThat(texts(whoami.path("roles"))).containsExactly("user");
    }

    @Test
    void forgedIdentityHeadersWithoutATokenGetNoFurtherThanTheGateway() {
        SignedIn admin = GatewayClient.signInAsAdmin();

        Answer answer = GatewayClient.get(
                "/api/whoami",
                "X-Auth-User",
                admin.userId(),
                "X-Auth-Session",
                admin.sessionId(),
                "X-Auth-Roles",
                "admin");

        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.contentType()).startsWith("application/problem+json");
    }

    @Test
    void forgedIdentityHeadersDoNotMakeAnAdminOnTheServices() {
        SignedIn user = GatewayClient.registerAndSignIn("forged-admin");
        SignedIn admin = GatewayClient.signInAsAdmin();

        Answer users = GatewayClient.get(
                "/admin/users", "Authorization", user.bearer(), "X-Auth-User", admin.userId(), "X-Auth-Roles", "admin");
        Answer sessions = GatewayClient.get(
                "/admin/users/" + admin.userId() + "/sessions",
                "Authorization",
                user.bearer(),
                "X-Auth-User",
                admin.userId(),
                "X-Auth-Roles",
                "admin");

        assertThat(users.status()).as(users.body()).isEqualTo(403);
        assertThat(sessions.status()).as(sessions.body()).isEqualTo(403);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "X-Forwarded-For: 81.2.69.142",
                "X-Forwarded-For: 81.2.69.142, 127.0.0.1",
                "X-Real-IP: 81.2.69.142",
                "Forwarded: for=81.2.69.142;proto=https",
                "Forwarded: for=\"[2001:db8::1]\""
            })
    void forgedForwardingHeadersDoNotChangeTheRecordedAddress(String headerLine) {
        String[] header = headerLine.split(": ", 2);
        SignedIn user = GatewayClient.registerAndSignIn("forged-forwarding", header[0], header[1]);

        Answer current = GatewayClient.get("/sessions/current", "Authorization", user.bearer(), header[0], header[1]);

        assertThat(current.status()).as(current.body()).isEqualTo(200);
        assertThat(current.json().path("ipAddress").asText()).isEqualTo("127.0.0.1");
    }

    private static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }
}
