package dev.sessions.registry.session;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.sessions.registry.support.Api;
import dev.sessions.registry.support.TestEnvironment;
import dev.sessions.registry.support.Tokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;

/** Admin endpoints over other users' sessions. */
@QuarkusTest
@WithTestResource(value = TestEnvironment.class, scope = TestResourceScope.GLOBAL)
class AdminSessionResourceTest {

    private String adminToken;

    @BeforeEach
    void signInAnAdmin() {
        String adminId = Api.newUserId();
        adminToken = Tokens.admin(adminId, Api.open(adminId, Api.CHROME_WINDOWS, "81.2.69.142"));
    }

    @Test
    void listsAUsersSessionsPageByPage() {
        String uid = Api.newUserId();
        List<String> opened = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            opened.add(Api.open(uid, Api.CHROME_WINDOWS, "81.2.69.142"));
        }
        List<String> seen = new ArrayList<>();
        for (int page = 0; page < 3; page++) {
            seen.addAll(Api.bearer(adminToken)
                    .get("/admin/users/" + uid + "/sessions?size=2&page=" + page)
                    .then()
                    .statusCode(200)
                    .header("X-Total-Count", "5")
                    .header("Cache-Control", "no-store")
                    .body("current", everyItem(equalTo(false)))
                    .body("$", hasSize(page < 2 ? 2 : 1))
                    .extract()
                    .<List<String>>path("id"));
        }
        Collections.reverse(opened);
        assertThat(seen).containsExactlyElementsOf(opened);
        Api.bearer(adminToken)
                .get("/admin/users/" + uid + "/sessions?size=1000")
                .then()
                .statusCode(200)
                .body("$", hasSize(5));
        for (String bad : new String[] {"page=-1", "size=0", "size=abc", "page=1.5"}) {
            Api.bearer(adminToken)
                    .get("/admin/users/" + uid + "/sessions?" + bad)
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json");
        }
        Api.bearer(adminToken)
                .get("/admin/users/" + Api.newUserId() + "/sessions")
                .then()
                .statusCode(200)
                .body("$", hasSize(0));
    }

    @Test
    void forceLogoutEndsEverySessionOfTheUser() {
        String uid = Api.newUserId();
        String first = Api.open(uid, Api.CHROME_WINDOWS, "81.2.69.142");
        String second = Api.open(uid, Api.SAFARI_IPHONE, "8.8.8.8");

        Api.bearer(adminToken)
                .post("/admin/users/" + uid + "/logout")
                .then()
                .statusCode(200)
                .body("revoked", equalTo(2));

        Api.bearer(Tokens.user(uid, first)).get("/check").then().statusCode(401);
        Api.bearer(Tokens.user(uid, second)).get("/check").then().statusCode(401);
        Api.bearer(adminToken)
                .get("/admin/users/" + uid + "/sessions")
                .then()
                .statusCode(200)
                .body("$", hasSize(0));
        Api.bearer(adminToken)
                .post("/admin/users/" + uid + "/logout")
                .then()
                .statusCode(200)
                .body("revoked", equalTo(0));
    }

    @Test
    void revokingOneSessionAnswers404WhenItIsNotLive() {
        String uid = Api.newUserId();
        String sid = Api.open(uid, Api.CHROME_WINDOWS, "81.2.69.142");

        Api.bearer(adminToken).delete("/admin/sessions/" + sid).then().statusCode(204);

        Api.bearer(Tokens.user(uid, sid)).get("/check").then().statusCode(401);
        Api.bearer(adminToken)
                .delete("/admin/sessions/" + sid)
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
        Api.bearer(adminToken).delete("/admin/sessions/never-existed").then().statusCode(404);
    }
}
