package dev.sessions.auth.user;

import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import dev.sessions.auth.support.Api;
import dev.sessions.auth.support.Api.Session;
import dev.sessions.auth.support.Registry;
import dev.sessions.auth.support.RegistryTestResource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * {@code PUT /admin/users/{userId}/roles}: the new roles reach the user's sessions at their next refresh, "user" always
 * stays, bad input changes nothing, and every change is recorded. The last-active-administrator rule needs the other
 * administrators of the database out of the way: AccountStateTest.
 */
@QuarkusTest
@WithTestResource(value = RegistryTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class RolesTest {

    @Test
    void aGrantedAdminRoleReachesTheSessionAtItsNextRefreshAndIsRecorded() {
        String email = Api.email("promoted");
        String userId = Api.register(email);
        Session session = Api.login(email);
        Session admin = bootstrapAdmin();

        putRoles(admin, userId, List.of("user", "admin")).then().statusCode(204);

        // a token issued before keeps its roles until it expires
        assertThat(rolesOf(session.accessToken())).containsExactly("user");
        asCaller(session).get("/admin/users").then().statusCode(403);
        Session refreshed = Api.refresh(session);
        assertThat(rolesOf(refreshed.accessToken())).containsExactly("user", "admin");
        asCaller(refreshed).get("/admin/users").then().statusCode(200);
        assertThat(listed(admin, email).get("roles")).isEqualTo(List.of("user", "admin"));

        List<Map<String, String>> events = Registry.outbox(userId);
        assertThat(events).extracting(event -> event.get("type")).containsExactly("ROLES_CHANGED");
        assertThat(events.get(0)).containsEntry("actorType", "ADMIN").containsEntry("actorId", admin.userId());
        assertThat(events.get(0).get("sessionId")).isNull();
    }

    @Test
    void aRemovedAdminRoleLeavesAtTheNextRefreshAndUserAlwaysStays() {
        String email = Api.email("demoted");
        String userId = Api.register(email);
        Session admin = bootstrapAdmin();
        putRoles(admin, userId, List.of("admin")).then().statusCode(204);
        assertThat(listed(admin, email).get("roles")).isEqualTo(List.of("user", "admin"));
        Session session = Api.login(email);
        assertThat(rolesOf(session.accessToken())).containsExactly("user", "admin");

        putRoles(admin, userId, List.of()).then().statusCode(204);

        Session refreshed = Api.refresh(session);
        assertThat(rolesOf(refreshed.accessToken())).containsExactly("user");
        asCaller(refreshed).get("/admin/users").then().statusCode(403);
        assertThat(listed(admin, email).get("roles")).isEqualTo(List.of("user"));
        assertThat(Registry.outbox(userId))
                .extracting(event -> event.get("type"))
                .containsExactly("ROLES_CHANGED", "ROLES_CHANGED");
    }

    @Test
    void theSameRolesAgainChangeNothingAndRecordNothing() {
        String email = Api.email("unchanged");
        String userId = Api.register(email);
        Session admin = bootstrapAdmin();

        putRoles(admin, userId, List.of("user")).then().statusCode(204);

        assertThat(Registry.outbox(userId)).isEmpty();
    }

    @Test
    void unknownRolesAndMalformedBodiesAre400AndChangeNothing() {
        String email = Api.email("bad-roles");
        String userId = Api.register(email);
        Session admin = bootstrapAdmin();

        putRoles(admin, userId, List.of("user", "superuser"))
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
        for (String body : List.of("{}", "{\"roles\":null}", "{\"roles\":\"admin\"}", "{\"roles\":[\"admin\",null]}")) {
            asCaller(admin)
                    .contentType(ContentType.JSON)
                    .body(body)
                    .put("/admin/users/" + userId + "/roles")
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json");
        }

        assertThat(listed(admin, email).get("roles")).isEqualTo(List.of("user"));
        assertThat(Registry.outbox(userId)).isEmpty();
    }

    @Test
    void anUnknownUserIs404AndOnlyAdminsMayChangeRoles() {
        Session admin = bootstrapAdmin();
        putRoles(admin, UUID.randomUUID().toString(), List.of("user", "admin"))
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
        putRoles(admin, "not-an-id", List.of("user")).then().statusCode(404);

        String email = Api.email("self-promoting");
        String userId = Api.register(email);
        Session user = Api.login(email);
        putRoles(user, userId, List.of("user", "admin")).then().statusCode(403).contentType("application/problem+json");
        Api.from(Api.address())
                .contentType(ContentType.JSON)
                .body(Map.of("roles", List.of("user", "admin")))
                .put("/admin/users/" + userId + "/roles")
                .then()
                .statusCode(401);

        assertThat(listed(admin, email).get("roles")).isEqualTo(List.of("user"));
        assertThat(Registry.outbox(userId)).isEmpty();
    }

    static Response putRoles(Session caller, String userId, List<String> roles) {
        return asCaller(caller)
                .contentType(ContentType.JSON)
                .body(Map.of("roles", roles))
                .put("/admin/users/" + userId + "/roles");
    }

    private static Map<String, Object> listed(Session admin, String email) {
        Response page = asCaller(admin).queryParam("query", email).get("/admin/users");
        page.then().statusCode(200).body("total", equalTo(1));
        return page.jsonPath().getMap("items[0]");
    }

    private static Session bootstrapAdmin() {
        return Api.login(
                ConfigProvider.getConfig().getValue("auth.bootstrap-admin.email", String.class),
                RegistryTestResource.ADMIN_PASSWORD,
                false);
    }

    private static RequestSpecification asCaller(Session session) {
        return Api.from(session.address()).header("Authorization", Api.bearer(session.accessToken()));
    }

    /** The roles ({@code groups}) an access token carries. */
    static List<String> rolesOf(String accessToken) {
        try {
            byte[] payload = Base64.getUrlDecoder().decode(accessToken.split("\\.")[1]);
            @SuppressWarnings("unchecked")
            List<String> groups = (List<String>)
                    new ObjectMapper().readValue(payload, Map.class).get("groups");
            return groups;
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
