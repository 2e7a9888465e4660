package dev.sessions.auth.user;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import io.quarkiverse.resteasy.problem.HttpProblem;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import org.junit.jupiter.api.Test;

import dev.sessions.auth.mail.MailKind;
import dev.sessions.auth.mail.OutgoingMail;
import dev.sessions.auth.support.Api;
import dev.sessions.auth.support.RegistryTestResource;
import dev.sessions.auth.user.UserMessages.UserPage;
import dev.sessions.auth.user.UserMessages.UserResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The user store's SQL where no API test can reach: a change and the mail that tells about it commit together or not at
 * all, and a search matches what was typed, wildcards included.
 */
@QuarkusTest
@WithTestResource(value = RegistryTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class UserStoreTest {

    @Inject
    UserService users;

    @Inject
    Pool pool;

    @Test
    void aPasswordChangeWhoseNoticeCannotBeQueuedIsRolledBack() {
        String email = Api.email("rollback");
        UUID id = UUID.fromString(Api.register(email));
        String before = users.findById(id).await().indefinitely().passwordHash;
        // longer than auth.mail_outbox.recipient (varchar(320)): PostgreSQL refuses the insert after the update ran
        String recipient = "x".repeat(321);

        Throwable failure = catchThrowable(() -> users.updatePasswordHash(
                        id, "not-a-hash", new OutgoingMail(MailKind.PASSWORD_CHANGED, recipient, Map.of()))
                .await()
                .indefinitely());

        assertThat(failure).isInstanceOf(HttpProblem.class);
        assertThat(((HttpProblem) failure).getStatusCode()).isEqualTo(503);
        assertThat(users.findById(id).await().indefinitely().passwordHash).isEqualTo(before);
        assertThat(pool.preparedQuery("SELECT count(*) FROM auth.mail_outbox WHERE recipient = $1")
                        .execute(Tuple.of(recipient))
                        .await()
                        .indefinitely()
                        .iterator()
                        .next()
                        .getLong(0))
                .isZero();
        Api.login(email);
    }

    @Test
    void aSearchMatchesPercentUnderscoreAndBackslashAsTyped() {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String underscore = "a_b-" + tag + "@test.example";
        String percent = "a%b-" + tag + "@test.example";
        Api.register(underscore);
        Api.register(percent);
        Api.register("axb-" + tag + "@test.example");
        Api.register(Api.email("any"), Api.PASSWORD, "A\\B " + tag);

        assertThat(emails(users.search("A_B-" + tag, 0, 10).await().indefinitely()))
                .containsExactly(underscore);
        assertThat(emails(users.search("a%b-" + tag, 0, 10).await().indefinitely()))
                .containsExactly(percent);
        assertThat(users.search("a\\b " + tag, 0, 10).await().indefinitely().total())
                .isEqualTo(1);
    }

    private static List<String> emails(UserPage page) {
        return page.items().stream().map(UserResponse::email).toList();
    }
}
