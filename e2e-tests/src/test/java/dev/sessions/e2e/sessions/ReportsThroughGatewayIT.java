package dev.sessions.e2e.sessions;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import dev.sessions.e2e.E2eEnvironment;
import dev.sessions.e2e.GatewayClient;
import dev.sessions.e2e.GatewayClient.Answer;
import dev.sessions.e2e.GatewayClient.SignedIn;
import dev.sessions.e2e.MailDev;
import dev.sessions.testing.UserAgents;

import static org.assertj.core.api.Assertions.assertThat;

/** Contract, "Live sessions": a user reports a session, an admin sees and resolves it, all through the gateway. */
class ReportsThroughGatewayIT {

    @Test
    void aReportedSessionEndsAtOnceAndAnAdminResolvesTheReport() {
        String email = GatewayClient.registerUser("reports");
        SignedIn mine = GatewayClient.signIn(email, GatewayClient.PASSWORD, false);
        SignedIn stolen =
                GatewayClient.signIn(email, GatewayClient.PASSWORD, false, "User-Agent", UserAgents.SAFARI_IPHONE);

        Answer reported = GatewayClient.send(GatewayClient.request("/sessions/" + stolen.sessionId() + "/report")
                .header("Authorization", mine.bearer())
                .header("Content-Type", "application/json")
                .POST(GatewayClient.json(Map.of("note", "Not my phone")))
                .build());
        assertThat(reported.status()).as(reported.body()).isEqualTo(202);
        assertThat(reported.header("Cache-Control")).hasValue("no-store");
        String reportId = reported.json().path("reportId").asText();
        assertThat(reportId).isNotBlank();

        assertThat(api("GET", "/sessions/current", stolen).status()).isEqualTo(401);
        assertThat(api("GET", "/api/whoami", stolen).status()).isEqualTo(401);
        assertThat(api("GET", "/sessions/current", mine).status()).isEqualTo(200);

        SignedIn admin = GatewayClient.signInAsAdmin();
        JsonNode report = Awaitility.await()
                .atMost(Duration.ofSeconds(20))
                .until(() -> find(admin, "OPEN", reportId), found -> found != null);
        assertThat(report.path("email").asText()).isEqualTo(email);
        assertThat(report.path("userId").asText()).isEqualTo(mine.userId());
        assertThat(report.path("note").asText()).isEqualTo("Not my phone");
        assertThat(report.path("status").asText()).isEqualTo("OPEN");
        assertThat(report.path("session").path("id").asText()).isEqualTo(stolen.sessionId());
        assertThat(report.path("session").path("device").path("os").asText()).isEqualTo("iOS");
        assertThat(report.path("session").path("ipAddress").asText()).isNotBlank();
        // and the admins are told by mail (auth-service hears the registry's announcement)
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(() -> MailDev.ofStack().to(E2eEnvironment.adminEmail(), "A session was reported to you").stream()
                        .anyMatch(mail ->
                                mail.text().contains(email) && mail.text().contains("Not my phone")));

        assertThat(api("POST", "/admin/reports/" + reportId + "/resolve", mine).status())
                .isEqualTo(403);
        Answer resolved = api("POST", "/admin/reports/" + reportId + "/resolve", admin);
        assertThat(resolved.status()).as(resolved.body()).isEqualTo(204);
        assertThat(find(admin, "OPEN", reportId)).isNull();
        JsonNode done = find(admin, "RESOLVED", reportId);
        assertThat(done.path("resolvedBy").asText()).isEqualTo(admin.userId());

        Answer history = api("GET", "/sessions/history", mine);
        assertThat(history.body()).contains("SESSION_REPORTED").contains("\"REPORTED\"");
    }

    @Test
    void onlyTheCallersOtherLiveSessionsCanBeReportedAndABodyIsOptional() {
        String email = GatewayClient.registerUser("reports-rules");
        SignedIn mine = GatewayClient.signIn(email, GatewayClient.PASSWORD, false);
        SignedIn other = GatewayClient.signIn(email, GatewayClient.PASSWORD, false);
        SignedIn stranger = GatewayClient.registerAndSignIn("reports-stranger");

        assertProblem(api("POST", "/sessions/" + mine.sessionId() + "/report", mine), 400);
        assertProblem(api("POST", "/sessions/" + stranger.sessionId() + "/report", mine), 404);
        assertProblem(api("POST", "/sessions/no-such-session/report", mine), 404);
        assertThat(api("GET", "/sessions/current", stranger).status()).isEqualTo(200);

        // no body and no Content-Type, as a plain fetch() sends it
        Answer bare = api("POST", "/sessions/" + other.sessionId() + "/report", mine);
        assertThat(bare.status()).as(bare.body()).isEqualTo(202);
        assertThat(api("GET", "/sessions/current", other).status()).isEqualTo(401);
    }

    @Test
    void adminReportEndpointsAnswerAsTheContractSays() {
        SignedIn admin = GatewayClient.signInAsAdmin();
        SignedIn user = GatewayClient.registerAndSignIn("reports-admin");

        Answer page = api("GET", "/admin/reports?status=OPEN&page=0&size=5", admin);
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        assertThat(page.header("Cache-Control")).hasValue("no-store");
        assertThat(page.json().has("items")).isTrue();
        assertThat(page.json().path("size").asInt()).isEqualTo(5);
        assertThat(page.json().path("page").asInt()).isZero();
        assertThat(page.json().has("total")).isTrue();
        assertProblem(api("GET", "/admin/reports", user), 403);
        assertProblem(api("GET", "/admin/reports?status=maybe", admin), 400);
        assertProblem(api("POST", "/admin/reports/00000000-0000-0000-0000-000000000000/resolve", admin), 404);
    }

    private static JsonNode find(SignedIn admin, String status, String reportId) {
        Answer page = api("GET", "/admin/reports?size=100&status=" + status, admin);
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        for (JsonNode item : page.json().path("items")) {
            if (reportId.equals(item.path("id").asText())) {
                return item;
            }
        }
        return null;
    }

    private static void assertProblem(Answer answer, int status) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        assertThat(answer.contentType()).startsWith("application/problem+json");
    }

    private static Answer api(String method, String path, SignedIn caller) {
        return GatewayClient.send(GatewayClient.request(path)
                .header("Authorization", caller.bearer())
                .header("Accept", "application/json")
                .method(method, HttpRequest.BodyPublishers.noBody())
                .build());
    }
}
