package dev.sessions.auth.user;

import java.util.List;
import java.util.Locale;
import java.util.UUID;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.sessions.auth.support.Api;
import dev.sessions.auth.support.Api.Session;
import dev.sessions.auth.support.Registry;
import dev.sessions.auth.support.RegistryTestResource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

/** User administration: bootstrap admin, paging, search, sorting, access rules, deactivation and reactivation. */
@QuarkusTest
@WithTestResource(value = RegistryTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class AdminUsersTest {

    private Session admin;

    @BeforeEach
    void signInAsTheBootstrapAdmin() {
        admin = Api.login(adminEmail(), RegistryTestResource.ADMIN_PASSWORD, false);
    }

    @Test
    void theBootstrapAdminExistsWithBothRoles() {
        Api.postLogin(Api.address(), adminEmail(), RegistryTestResource.ADMIN_PASSWORD, false)
                .then()
                .statusCode(200)
                .body("user.roles", containsInAnyOrder("user", "admin"));
    }

    @Test
    void usersArePagedSortedByEmailAndSearchedInEmailAndDisplayName() {
        String tag = "srch" + UUID.randomUUID().toString().substring(0, 8);
        List<String> emails = List.of("delta", "alpha", "echo", "charlie", "bravo").stream()
                .map(name -> name + "-" + tag + "@test.example")
                .toList();
        emails.forEach(Api::register);
        String byName = Api.email("byname");
        Api.register(byName, Api.PASSWORD, "Someone " + tag.toUpperCase(Locale.ROOT));

        JsonPath first = list("query", tag, "page", "0", "size", "2")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        JsonPath third = list("query", tag.toUpperCase(Locale.ROOT), "page", "2", "size", "2")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();

        assertThat(first.getLong("total")).isEqualTo(6);
        assertThat(first.getInt("page")).isZero();
        assertThat(first.getInt("size")).isEqualTo(2);
        assertThat(first.getList("items.email", String.class))
                .containsExactly("alpha-" + tag + "@test.example", "bravo-" + tag + "@test.example");
        assertThat(third.getList("items.email", String.class))
                .containsExactly("delta-" + tag + "@test.example", "echo-" + tag + "@test.example");
        JsonPath all = list("query", tag, "size", "50")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(all.getList("items.email", String.class))
                .hasSize(6)
                .contains(byName)
                .isSortedAccordingTo((a, b) -> a.toLowerCase(Locale.ROOT).compareTo(b.toLowerCase(Locale.ROOT)));
        assertThat(all.getString("items[0].status")).isEqualTo("ACTIVE");
        assertThat(all.getList("items[0].roles", String.class)).containsExactly("user");
        assertThat(all.getString("items[0].createdAt")).endsWith("Z");
        assertThat(all.getString("items[0].id")).hasSize(36);
    }

    @Test
    void pageSizeDefaultsTo20AndIsCappedAt100() {
        list().then().statusCode(200).body("size", equalTo(20)).body("page", equalTo(0));
        list("size", "1000").then().statusCode(200).body("size", equalTo(100));
        list("query", "%_nothing-matches-this_%").then().statusCode(200).body("total", equalTo(0));
    }

    @Test
    void aPageBeyondWhatAnOffsetCanSayIsEmptyNotAnOutage() {
        list("page", "2147483647")
                .then()
                .statusCode(200)
                .body("items", hasSize(0))
                .body("page", equalTo(2147483647));
        list("page", "21474837", "size", "100").then().statusCode(200).body("items", hasSize(0));
    }

    @Test
    void badPagingParametersAre400() {
        list("page", "-1").then().statusCode(400).contentType("application/problem+json");
        list("size", "0").then().statusCode(400).contentType("application/problem+json");
        list("page", "abc").then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void onlyAdministratorsMayListOrChangeUsers() {
        String email = Api.email("plain");
        String userId = Api.register(email);
        Session user = Api.login(email);

        Api.from(user.address())
                .header("Authorization", Api.bearer(user.accessToken()))
                .get("/admin/users")
                .then()
                .statusCode(403)
                .contentType("application/problem+json");
        Api.from(user.address())
                .header("Authorization", Api.bearer(user.accessToken()))
                .post("/admin/users/" + userId + "/deactivate")
                .then()
                .statusCode(403)
                .contentType("application/problem+json");
        Api.from(user.address()).get("/admin/users").then().statusCode(401).contentType("application/problem+json");
        Api.from(user.address())
                .post("/admin/users/" + userId + "/reactivate")
                .then()
                .statusCode(401);
    }

    @Test
    void deactivationEndsEverySessionBeforeTheAnswerAndBlocksSignIn() {
        String email = Api.email("deactivate");
        String userId = Api.register(email);
        Session first = Api.login(email);
        Session second = Api.login(email, Api.PASSWORD, true);

        asAdmin().post("/admin/users/" + userId + "/deactivate").then().statusCode(204);

        assertThat(Registry.check(first.accessToken())).isEqualTo(401);
        assertThat(Registry.check(second.accessToken())).isEqualTo(401);
        Api.postRefresh(second.address(), second.refreshCookie()).then().statusCode(401);
        Api.postLogin(Api.address(), email, Api.PASSWORD, false)
                .then()
                .statusCode(403)
                .contentType("application/problem+json")
                .body("detail", equalTo("This account is deactivated."));
        Api.postLogin(Api.address(), email, "wrong password!", false).then().statusCode(401);
        list("query", email).then().body("items[0].status", equalTo("DEACTIVATED"));

        asAdmin().post("/admin/users/" + userId + "/reactivate").then().statusCode(204);

        Api.login(email);
        list("query", email).then().body("items[0].status", equalTo("ACTIVE"));
    }

    @Test
    void unknownUsersAre404AndAdminsCannotDeactivateThemselves() {
        asAdmin()
                .post("/admin/users/" + UUID.randomUUID() + "/deactivate")
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
        asAdmin()
                .post("/admin/users/not-a-uuid/reactivate")
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
        String adminId = admin.userId();
        asAdmin()
                .post("/admin/users/" + adminId + "/deactivate")
                .then()
                .statusCode(409)
                .contentType("application/problem+json");
        assertThat(Registry.check(admin.accessToken())).isEqualTo(204);
    }

    private RequestSpecification asAdmin() {
        return Api.from(admin.address()).header("Authorization", Api.bearer(admin.accessToken()));
    }

    private Response list(String... params) {
        RequestSpecification request = asAdmin();
        for (int i = 0; i < params.length; i += 2) {
            request = request.queryParam(params[i], params[i + 1]);
        }
        return request.get("/admin/users");
    }

    private static String adminEmail() {
        return ConfigProvider.getConfig().getValue("auth.bootstrap-admin.email", String.class);
    }
}
