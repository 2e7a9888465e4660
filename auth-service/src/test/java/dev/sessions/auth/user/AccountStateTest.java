package dev.sessions.auth.user;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import io.quarkiverse.resteasy.problem.HttpProblem;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import dev.sessions.auth.support.Api;
import dev.sessions.auth.support.Api.Session;
import dev.sessions.auth.support.Registry;
import dev.sessions.auth.support.RegistryTestResource;
import dev.sessions.auth.support.SmallCapacityProfile;
import dev.sessions.contract.redis.RedisKeys;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Account state as part of every session step: a refresh re-reads status and roles, the cap on sessions per user, the
 * last active admin stays (also when two admins remove each other at once), and account events are recorded without a
 * session. A deactivation racing sign-ins in flight
 * needs the registry's own scripts: e2e-tests' AccountDeactivationIT.
 */
@QuarkusTest
@TestProfile(SmallCapacityProfile.class)
@WithTestResource(value = RegistryTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class AccountStateTest {

    private static final int CAP = SmallCapacityProfile.SESSION_CAP;

    @Inject
    RedisDataSource redis;

    @Inject
    RedisKeys keys;

    @Inject
    UserService users;

    @Test
    void aSignInBeyondTheCapEndsTheLeastRecentlyActiveSessionAndItsRefreshChain() {
        String email = Api.email("capped");
        Api.register(email);
        List<Session> sessions = new ArrayList<>();
        for (int i = 0; i < CAP; i++) {
            sessions.add(Api.login(email));
        }
        // the first sign-in is active again: the second is now the least recently active
        sessions.set(0, Api.refresh(sessions.get(0)));

        Session newest = Api.login(email);

        Session ended = sessions.get(1);
        assertThat(Registry.check(ended.accessToken())).isEqualTo(401);
        Api.postRefresh(ended.address(), ended.refreshCookie()).then().statusCode(401);
        for (Session live : List.of(sessions.get(0), sessions.get(2), sessions.get(CAP - 1), newest)) {
            assertThat(Registry.check(live.accessToken()))
                    .as("session %s", live.sessionId())
                    .isEqualTo(204);
        }
    }

    @Test
    void aRefreshReReadsTheAccountsRoles() throws SQLException {
        String email = Api.email("roles");
        String userId = Api.register(email);
        Session session = Api.login(email);
        assertThat(RolesTest.rolesOf(session.accessToken())).containsExactly("user");

        setRoles(userId, "user,admin");
        accountChanged(userId);
        Response promoted = Api.postRefresh(session.address(), session.refreshCookie());
        promoted.then().statusCode(200);
        assertThat(promoted.jsonPath().getList("user.roles", String.class)).containsExactlyInAnyOrder("user", "admin");
        Session refreshed = Api.session(promoted, session.address());
        assertThat(RolesTest.rolesOf(refreshed.accessToken())).containsExactlyInAnyOrder("user", "admin");

        setRoles(userId, "user");
        accountChanged(userId);
        Response demoted = Api.postRefresh(refreshed.address(), refreshed.refreshCookie());
        demoted.then().statusCode(200);
        assertThat(demoted.jsonPath().getList("user.roles", String.class)).containsExactly("user");
        assertThat(RolesTest.rolesOf(Api.session(demoted, session.address()).accessToken()))
                .containsExactly("user");
    }

    @Test
    void aSessionOfADeactivatedAccountCannotRefreshEvenIfItsSessionSurvived() throws SQLException {
        String email = Api.email("survivor");
        String userId = Api.register(email);
        Session session = Api.login(email);
        // what a sign-in that slipped past the revocation sweep would leave: a live session of a deactivated account
        setStatus(userId, "DEACTIVATED");
        accountChanged(userId);

        Api.postRefresh(session.address(), session.refreshCookie()).then().statusCode(401);
        setStatus(userId, "ACTIVE");
    }

    @Test
    void theLastActiveAdminCannotBeDeactivated() throws SQLException {
        Session bootstrap = bootstrapAdmin();
        String email = Api.email("demoted-admin");
        String demotedId = Api.register(email);
        setRoles(demotedId, "user,admin");
        Session demoted = Api.login(email);
        // every other admin inactive: the bootstrap admin is the last active one
        deactivateAdminsBut(bootstrap.userId(), demotedId);
        // demoted while its token still says admin (a token keeps its roles until it expires)
        setRoles(demotedId, "user");

        try {
            asAdmin(demoted)
                    .post("/admin/users/" + bootstrap.userId() + "/deactivate")
                    .then()
                    .statusCode(409)
                    .contentType("application/problem+json");
            assertThat(Registry.check(bootstrap.accessToken())).isEqualTo(204);
            RolesTest.putRoles(demoted, bootstrap.userId(), List.of("user"))
                    .then()
                    .statusCode(409)
                    .contentType("application/problem+json");
            RolesTest.putRoles(bootstrap, bootstrap.userId(), List.of("user"))
                    .then()
                    .statusCode(409)
                    .contentType("application/problem+json");
            assertThat(RolesTest.rolesOf(Api.refresh(bootstrap).accessToken())).containsExactly("user", "admin");
        } finally {
            setStatus(bootstrap.userId(), "ACTIVE");
        }
    }

    @Test
    void twoAdminsRemovingEachOthersAdminRoleAtOnceLeaveOneActiveAdmin() throws Exception {
        Session bootstrap = bootstrapAdmin();
        String email = Api.email("rival-admin");
        String rivalId = Api.register(email);
        setRoles(rivalId, "user,admin");
        Session rival = Api.login(email);
        deactivateAdminsBut(bootstrap.userId(), rivalId);

        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            CountDownLatch start = new CountDownLatch(1);
            Future<Integer> byBootstrap = pool.submit(() -> {
                start.await();
                return RolesTest.putRoles(bootstrap, rivalId, List.of("user")).statusCode();
            });
            Future<Integer> byRival = pool.submit(() -> {
                start.await();
                return RolesTest.putRoles(rival, bootstrap.userId(), List.of("user"))
                        .statusCode();
            });
            start.countDown();

            assertThat(List.of(byBootstrap.get(30, TimeUnit.SECONDS), byRival.get(30, TimeUnit.SECONDS)))
                    .containsExactlyInAnyOrder(204, 409);
            try (Connection db = db();
                    PreparedStatement st = db.prepareStatement("SELECT count(*) FROM auth.users WHERE status = "
                            + "'ACTIVE' AND (',' || roles || ',') LIKE '%,admin,%' AND id IN (?, ?)")) {
                st.setObject(1, UUID.fromString(bootstrap.userId()));
                st.setObject(2, UUID.fromString(rivalId));
                try (ResultSet count = st.executeQuery()) {
                    count.next();
                    assertThat(count.getInt(1)).isEqualTo(1);
                }
            }
        } finally {
            pool.shutdownNow();
            setRoles(bootstrap.userId(), "user,admin");
            accountChanged(bootstrap.userId());
        }
    }

    @Test
    void twoAdminsDeactivatingEachOtherAtOnceLeaveOneActiveAdmin() throws Exception {
        Session bootstrap = bootstrapAdmin();
        String rivalId = Api.register(Api.email("deactivating-rival"));
        setRoles(rivalId, "user,admin");
        UUID first = UUID.fromString(bootstrap.userId());
        UUID second = UUID.fromString(rivalId);
        try {
            // the service itself, not the admin API: a request of the one deactivated first could be refused (401) for
            // its revoked session before it ever reached the lock
            for (int round = 0; round < 10; round++) {
                setStatus(rivalId, "ACTIVE");
                setStatus(bootstrap.userId(), "ACTIVE");
                deactivateAdminsBut(bootstrap.userId(), rivalId);

                CompletableFuture<UserAccount> ofFirst =
                        users.deactivate(first).subscribeAsCompletionStage().toCompletableFuture();
                CompletableFuture<UserAccount> ofSecond =
                        users.deactivate(second).subscribeAsCompletionStage().toCompletableFuture();

                assertThat(Stream.of(ofFirst, ofSecond).map(AccountStateTest::outcome))
                        .as("round %d", round)
                        .containsExactlyInAnyOrder(204, 409);
                assertThat(activeAdmins(bootstrap.userId(), rivalId)).isEqualTo(1);
            }
        } finally {
            setStatus(bootstrap.userId(), "ACTIVE");
            setRoles(rivalId, "user");
        }
    }

    /** 204 for a deactivation that went through, else the status of the problem it failed with. */
    private static int outcome(CompletableFuture<UserAccount> deactivation) {
        try {
            deactivation.get(30, TimeUnit.SECONDS);
            return 204;
        } catch (ExecutionException failed) {
            if (failed.getCause() instanceof HttpProblem problem) {
                return problem.getStatusCode();
            }
            throw new AssertionError("the deactivation failed: " + failed.getCause(), failed.getCause());
        } catch (InterruptedException | TimeoutException e) {
            throw new AssertionError("no outcome: " + e, e);
        }
    }

    private static int activeAdmins(String first, String second) throws SQLException {
        return withBoth(
                "SELECT count(*) FROM auth.users WHERE status = "
                        + "'ACTIVE' AND (',' || roles || ',') LIKE '%,admin,%' AND id IN (?, ?)",
                first, second);
    }

    /** Every other admin of this database (earlier runs) inactive, so that the given ones are the only active ones. */
    private static void deactivateAdminsBut(String first, String second) throws SQLException {
        withBoth(
                "UPDATE auth.users SET status = "
                        + "'DEACTIVATED' WHERE (',' || roles || ',') LIKE '%,admin,%' AND id NOT IN (?, ?)",
                first, second);
    }

    /** Runs a statement over two account ids; a query's single count, or an update's row count. */
    private static int withBoth(String sql, String first, String second) throws SQLException {
        try (Connection db = db();
                PreparedStatement st = db.prepareStatement(sql)) {
            st.setObject(1, UUID.fromString(first));
            st.setObject(2, UUID.fromString(second));
            if (!st.execute()) {
                return st.getUpdateCount();
            }
            try (ResultSet count = st.getResultSet()) {
                count.next();
                return count.getInt(1);
            }
        }
    }

    @Test
    void deactivationAndReactivationAreRecordedEvenWithoutASession() {
        String email = Api.email("nosession");
        String userId = Api.register(email);
        Session admin = bootstrapAdmin();

        asAdmin(admin).post("/admin/users/" + userId + "/deactivate").then().statusCode(204);
        asAdmin(admin).post("/admin/users/" + userId + "/reactivate").then().statusCode(204);

        // oldest first here; the history itself (newest first, from PostgreSQL) is e2e-tests' AuthHistoryIT
        List<Map<String, String>> events = Registry.outbox(userId);
        assertThat(events)
                .extracting(event -> event.get("type"))
                .containsExactly("ACCOUNT_DEACTIVATED", "ACCOUNT_REACTIVATED");
        assertThat(events).extracting(event -> event.get("actorType")).containsOnly("ADMIN");
        assertThat(events).extracting(event -> event.get("actorId")).containsOnly(admin.userId());
        assertThat(events).extracting(event -> event.get("sessionId")).containsOnlyNulls();
    }

    private static Session bootstrapAdmin() {
        return Api.login(adminEmail(), RegistryTestResource.ADMIN_PASSWORD, false);
    }

    private static String adminEmail() {
        return ConfigProvider.getConfig().getValue("auth.bootstrap-admin.email", String.class);
    }

    private static RequestSpecification asAdmin(Session admin) {
        return Api.from(admin.address()).header("Authorization", Api.bearer(admin.accessToken()));
    }

    /** What an admin action on the account does besides the database: the account's epoch moves on. */
    private void accountChanged(String userId) {
        redis.hash(String.class, String.class, Long.class).hincrby(keys.account(userId), "v", 1);
    }

    private static void setRoles(String userId, String roles) throws SQLException {
        update("UPDATE auth.users SET roles = ? WHERE id = ?", roles, userId);
    }

    private static void setStatus(String userId, String status) throws SQLException {
        update("UPDATE auth.users SET status = ? WHERE id = ?", status, userId);
    }

    private static void update(String sql, String value, String userId) throws SQLException {
        try (Connection db = db();
                PreparedStatement st = db.prepareStatement(sql)) {
            st.setString(1, value);
            st.setObject(2, UUID.fromString(userId));
            assertThat(st.executeUpdate()).isEqualTo(1);
        }
    }

    private static Connection db() throws SQLException {
        var config = ConfigProvider.getConfig();
        return DriverManager.getConnection(
                config.getValue("quarkus.datasource.jdbc.url", String.class),
                config.getValue("quarkus.datasource.username", String.class),
                config.getValue("quarkus.datasource.password", String.class));
    }
}
