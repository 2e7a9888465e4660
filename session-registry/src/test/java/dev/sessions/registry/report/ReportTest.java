package dev.sessions.registry.report;

import java.time.Duration;
import java.util.Map;

import jakarta.inject.Inject;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import dev.sessions.registry.support.Api;
import dev.sessions.registry.support.TestEnvironment;
import dev.sessions.registry.support.Tokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

/** A user reports one of their sessions: revoked at once, listed for admins, resolved by one. */
@QuarkusTest
@WithTestResource(value = TestEnvironment.class, scope = TestResourceScope.GLOBAL)
class ReportTest {

    private static final Duration DRAINED = Duration.ofSeconds(20);

    @Inject
    RecordingReportNotifier notifier;

    @Test
    void aReportRevokesTheSessionAtOnceAndReachesTheAdminsWithACopyOfIt() {
        String uid = Api.newUserId();
        String mine = Api.open(uid, Api.CHROME_WINDOWS, "8.8.8.8");
        String stolen = Api.open(uid, Api.SAFARI_IPHONE, "81.2.69.142");
        String stolenToken = Tokens.user(uid, stolen);
        Api.bearer(stolenToken).get("/check").then().statusCode(204);

        String reportId = Api.bearer(Tokens.user(uid, mine))
                .contentType(ContentType.JSON)
                .body(Map.of("note", "Not me: I have no iPhone"))
                .post("/sessions/" + stolen + "/report")
                .then()
                .statusCode(202)
                .body("reportId", notNullValue())
                .extract()
                .path("reportId");

        Api.bearer(stolenToken).get("/check").then().statusCode(401);
        Api.bearer(Tokens.user(uid, mine))
                .get("/sessions")
                .then()
                .statusCode(200)
                .body("id", contains(mine));

        String admin = newAdmin();
        JsonPath report = await().atMost(DRAINED).until(() -> openReport(admin, reportId), r -> r != null);
        assertThat(report.getString("userId")).isEqualTo(uid);
        assertThat(report.getString("email")).isEqualTo(uid + "@example.test");
        assertThat(report.getString("note")).isEqualTo("Not me: I have no iPhone");
        assertThat(report.getString("status")).isEqualTo("OPEN");
        assertThat(report.getString("reportedAt")).endsWith("Z");
        assertThat(report.getString("resolvedBy")).isNull();
        assertThat(report.getString("session.id")).isEqualTo(stolen);
        assertThat(report.getString("session.device.os")).isEqualTo("iOS");
        assertThat(report.getString("session.device.type")).isEqualTo("Smartphone");
        assertThat(report.getString("session.ipAddress")).isEqualTo("81.2.69.142");
        assertThat(report.getString("session.location.country")).isEqualTo("United Kingdom");
        assertThat(report.getString("session.createdAt")).endsWith("Z");
        assertThat(report.getString("session.lastActivityAt")).endsWith("Z");
        // told after the commit that made it visible
        await().atMost(DRAINED)
                .untilAsserted(() -> assertThat(notifier.filed())
                        .extracting(r -> r.id().toString())
                        .containsOnlyOnce(reportId));

        JsonPath history = Api.bearer(Tokens.user(uid, mine))
                .get("/sessions/history")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(history.getList("events.type")).contains("SESSION_REPORTED", "REVOKED");
        Map<String, Object> revoked = history.getMap("events.find { it.type == 'REVOKED' }");
        assertThat(revoked).containsEntry("reason", "REPORTED").containsEntry("sessionId", stolen);
        Map<String, Object> reported = history.getMap("events.find { it.type == 'SESSION_REPORTED' }");
        assertThat(reported).containsEntry("sessionId", stolen).containsEntry("ipAddress", "81.2.69.142");
        assertThat(history.getString("events.find { it.type == 'SESSION_REPORTED' }.actor.type"))
                .isEqualTo("USER");
    }

    @Test
    void anAdminResolvesAReportOnceAndForAll() {
        String uid = Api.newUserId();
        String mine = Api.open(uid, Api.CHROME_WINDOWS, "8.8.8.8");
        String other = Api.open(uid, Api.CHROME_WINDOWS, "8.8.8.8");
        String reportId = postEmpty(Tokens.user(uid, mine), "/sessions/" + other + "/report")
                .then()
                .statusCode(202)
                .extract()
                .path("reportId");
        String adminId = Api.newUserId();
        String admin = Tokens.admin(adminId, Api.open(adminId, Api.CHROME_WINDOWS, "8.8.8.8"));
        JsonPath report = await().atMost(DRAINED).until(() -> openReport(admin, reportId), r -> r != null);
        assertThat(report.getString("note")).isNull();

        postEmpty(admin, "/admin/reports/" + reportId + "/resolve").then().statusCode(204);
        postEmpty(admin, "/admin/reports/" + reportId + "/resolve").then().statusCode(204);

        assertThat(openReport(admin, reportId)).isNull();
        JsonPath resolved = find(admin, "RESOLVED", reportId);
        assertThat(resolved.getString("status")).isEqualTo("RESOLVED");
        assertThat(resolved.getString("resolvedBy")).isEqualTo(adminId);
        assertThat(resolved.getString("resolvedAt")).endsWith("Z");
        assertThat(find(admin, null, reportId)).isNotNull();
    }

    @Test
    void onlyAnotherLiveSessionOfTheCallerCanBeReported() {
        String uid = Api.newUserId();
        String mine = Api.open(uid, Api.CHROME_WINDOWS, "8.8.8.8");
        String stranger = Api.newUserId();
        String theirs = Api.open(stranger, Api.CHROME_WINDOWS, "8.8.8.8");
        String token = Tokens.user(uid, mine);

        postEmpty(token, "/sessions/" + mine + "/report").then().statusCode(400);
        String theirsAnswer = postEmpty(token, "/sessions/" + theirs + "/report")
                .then()
                .statusCode(404)
                .contentType("application/problem+json")
                .extract()
                .path("detail");
        String unknownAnswer = postEmpty(token, "/sessions/no-such-session/report")
                .then()
                .statusCode(404)
                .extract()
                .path("detail");
        assertThat(theirsAnswer).isEqualTo(unknownAnswer);
        postEmpty(token, "/sessions/" + "x".repeat(300) + "/report").then().statusCode(404);

        Api.bearer(Tokens.user(stranger, theirs)).get("/check").then().statusCode(204);
        Api.bearer(token).get("/check").then().statusCode(204);
    }

    @Test
    void aNoteMayHoldAThousandCharactersAndNoMore() {
        String uid = Api.newUserId();
        String mine = Api.open(uid, Api.CHROME_WINDOWS, "8.8.8.8");
        String first = Api.open(uid, Api.CHROME_WINDOWS, "8.8.8.8");
        String token = Tokens.user(uid, mine);

        Api.bearer(token)
                .contentType(ContentType.JSON)
                .body(Map.of("note", "é".repeat(1_001)))
                .post("/sessions/" + first + "/report")
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
        Api.bearer(Tokens.user(uid, first)).get("/check").then().statusCode(204);

        Api.bearer(token)
                .contentType(ContentType.JSON)
                .body("{\"note\":")
                .post("/sessions/" + first + "/report")
                .then()
                .statusCode(400)
                .contentType("application/problem+json");

        Api.bearer(token)
                .contentType(ContentType.JSON)
                .body(Map.of("note", "😀".repeat(1_000), "unknown", true))
                .post("/sessions/" + first + "/report")
                .then()
                .statusCode(202);
        Api.bearer(Tokens.user(uid, first)).get("/check").then().statusCode(401);
    }

    @Test
    void reportsAreForAdminsAndAskedForPlainly() {
        String uid = Api.newUserId();
        String sid = Api.open(uid, Api.CHROME_WINDOWS, "8.8.8.8");
        Api.bearer(Tokens.user(uid, sid)).get("/admin/reports").then().statusCode(403);
        postEmpty(Tokens.user(uid, sid), "/admin/reports/00000000-0000-0000-0000-000000000000/resolve")
                .then()
                .statusCode(403);
        postEmpty(Tokens.user(uid, sid), "/sessions/x/report").then().statusCode(404);

        String admin = Tokens.admin(uid, sid);
        postEmpty(admin, "/admin/reports/00000000-0000-0000-0000-000000000000/resolve")
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
        postEmpty(admin, "/admin/reports/not-a-uuid/resolve").then().statusCode(404);
        Api.bearer(admin).get("/admin/reports?status=CLOSED").then().statusCode(400);
        Api.bearer(admin).get("/admin/reports?page=-1").then().statusCode(400);
        Api.bearer(admin).get("/admin/reports?size=0").then().statusCode(400);
        Api.bearer(admin)
                .get("/admin/reports?status=OPEN&size=1000")
                .then()
                .statusCode(200)
                .header("Cache-Control", "no-store")
                .body("size", equalTo(100))
                .body("page", equalTo(0));
        Api.bearer(admin).get("/admin/reports").then().statusCode(200).body("size", equalTo(20));
    }

    private static String newAdmin() {
        String adminId = Api.newUserId();
        return Tokens.admin(adminId, Api.open(adminId, Api.CHROME_WINDOWS, "8.8.8.8"));
    }

    /** A POST without a body (RestAssured would otherwise say it sends a form). */
    private static Response postEmpty(String token, String path) {
        return Api.bearer(token).contentType(ContentType.JSON).post(path);
    }

    /** The open report with this id, or null when it is not (yet, or any longer) open. */
    private static JsonPath openReport(String adminToken, String reportId) {
        return find(adminToken, "OPEN", reportId);
    }

    private static JsonPath find(String adminToken, String status, String reportId) {
        JsonPath page = Api.bearer(adminToken)
                .queryParam("size", 100)
                .queryParams(status == null ? Map.of() : Map.of("status", status))
                .get("/admin/reports")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        int index = page.getList("items.id").indexOf(reportId);
        return index < 0 ? null : new JsonPath(page.prettify()).setRootPath("items[" + index + "]");
    }
}
