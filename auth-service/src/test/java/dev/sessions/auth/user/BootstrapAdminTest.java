package dev.sessions.auth.user;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;

import jakarta.inject.Inject;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import org.junit.jupiter.api.Test;

import dev.sessions.auth.support.Api;
import dev.sessions.auth.support.RegistryTestResource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bootstrap administrator when several instances start at once on a fresh database: each start creates it or finds
 * it, none fails (a second auth-service that failed here would exit), and there is one account.
 */
@QuarkusTest
@WithTestResource(value = RegistryTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class BootstrapAdminTest {

    private static final int INSTANCES = 4;

    @Inject
    UserService users;

    @Inject
    UserRepository repository;

    @Test
    void instancesStartingAtOnceEachSucceedAndCreateOneAdministrator() throws Throwable {
        for (int round = 0; round < 5; round++) {
            String email = Api.email("bootstrap").toLowerCase();
            CyclicBarrier start = new CyclicBarrier(INSTANCES);
            List<CompletableFuture<Void>> starts = new ArrayList<>();
            for (int i = 0; i < INSTANCES; i++) {
                starts.add(CompletableFuture.runAsync(() -> {
                    try {
                        start.await();
                        VertxContextSupport.subscribeAndAwait(() -> users.ensureAdmin(email, Api.PASSWORD));
                    } catch (Throwable failure) {
                        throw new AssertionError("a start failed: " + failure, failure);
                    }
                }));
            }
            CompletableFuture.allOf(starts.toArray(CompletableFuture[]::new)).join();

            UserAccount admin = VertxContextSupport.subscribeAndAwait(() -> repository.findByEmail(email));
            assertThat(admin.roles).contains(UserAccount.ROLE_ADMIN);
            Api.login(email, Api.PASSWORD, false);
        }
    }
}
