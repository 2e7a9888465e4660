package dev.sessions.auth.mail;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.inject.Inject;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.sessions.auth.support.Api;
import dev.sessions.auth.support.Api.Session;
import dev.sessions.auth.support.MailBox;
import dev.sessions.auth.support.MailDevResource;
import dev.sessions.auth.support.RegistryTestResource;
import dev.sessions.auth.user.UserAccount;
import dev.sessions.testing.UserAgents;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The mail outbox against a real SMTP server (MailDev behind a link the tests cut or freeze): a down or hanging server
 * never fails or holds up the request, the message arrives once the server is back, it is dead-lettered after the last
 * attempt, and two claims never take the same message. Also the notices and their templates.
 */
@QuarkusTest
@WithTestResource(value = RegistryTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
@WithTestResource(value = MailDevResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class MailOutboxTest {

    private static final Duration MAIL = Duration.ofSeconds(30);

    MailBox mailBox;

    @Inject
    Pool pool;

    @Inject
    MailOutbox outbox;

    @Inject
    MailDelivery delivery;

    @Inject
    MailTemplates templates;

    @Inject
    AccountMail accountMail;

    @AfterEach
    void serverBack() {
        mailBox.up();
    }

    @Test
    void aDownServerNeitherFailsTheRequestNorLosesTheMail() {
        String email = Api.email("smtp-down");
        Api.register(email);
        Session session = Api.login(email);
        mailBox.down();

        changePassword(session, Api.PASSWORD, "another good passphrase");

        await().atMost(MAIL).until(() -> attempts(email) >= 1);
        assertThat(mailBox.to(email)).isEmpty();
        mailBox.up();
        await().atMost(MAIL)
                .until(() -> !mailBox.to(email, "Your password was changed").isEmpty());
        await().atMost(MAIL).until(() -> rows(email).isEmpty());
        assertThat(mailBox.to(email, "Your password was changed")).hasSize(1);
    }

    @Test
    void aHangingServerNeitherHoldsUpTheRequestNorLosesTheMail() {
        String email = Api.email("smtp-frozen");
        Api.register(email);
        mailBox.freeze();

        Api.from(Api.address())
                .contentType(ContentType.JSON)
                .body(Map.of("email", email))
                .post("/auth/password/forgot")
                .then()
                .statusCode(202);

        await().atMost(MAIL).until(() -> attempts(email) >= 1);
        mailBox.up();
        await().atMost(MAIL)
                .until(() -> !mailBox.to(email, "Reset your password").isEmpty());
    }

    @Test
    void aMessageIsDeadLetteredAfterTheLastAttemptAndKeptWithItsError() {
        String email = Api.email("dead-letter");
        mailBox.down();

        accountMail.mfaEnabled(user(email)).await().indefinitely();

        await().atMost(MAIL).until(() -> rows(email).stream().anyMatch(row -> row.getValue("dead_at") != null));
        Row dead = rows(email).get(0);
        assertThat(dead.getInteger("attempts")).isEqualTo(MailDevResource.MAX_ATTEMPTS);
        assertThat(dead.getString("last_error")).isNotBlank();
        mailBox.up();
        accountMail.mfaDisabled(user(email)).await().indefinitely();
        await().atMost(MAIL)
                .until(() -> !mailBox.to(email, "Two-factor authentication switched off")
                        .isEmpty());
        assertThat(mailBox.to(email, "Two-factor authentication switched on")).isEmpty();
        assertThat(rows(email)).hasSize(1);
    }

    @Test
    void twoInstancesNeverClaimTheSameMessage() {
        // due in a day, so that this instance's own delivery leaves them alone; claimed as of then
        Instant later = Instant.now().plus(Duration.ofDays(1));
        String email = Api.email("claims");
        Set<UUID> inserted = new HashSet<>();
        for (int i = 0; i < 30; i++) {
            outbox.insert(accountMail.mfaEnabledMessage(user(email)), later)
                    .await()
                    .indefinitely();
        }
        rows(email).forEach(row -> inserted.add(row.getUUID("id")));

        List<List<MailOutbox.Claimed>> claims = Uni.join()
                .all(List.of(
                        outbox.claim(later.plusSeconds(1), 20, Duration.ofMinutes(5)),
                        outbox.claim(later.plusSeconds(1), 20, Duration.ofMinutes(5)),
                        outbox.claim(later.plusSeconds(1), 20, Duration.ofMinutes(5))))
                .andFailFast()
                .await()
                .indefinitely();

        List<UUID> claimed = new ArrayList<>();
        claims.forEach(batch -> batch.stream()
                .map(MailOutbox.Claimed::id)
                .filter(inserted::contains)
                .forEach(claimed::add));
        assertThat(claimed).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(inserted);
        // a claim holds for its lease: nothing is claimed twice before it ends
        assertThat(outbox.claim(later.plusSeconds(2), 100, Duration.ofMinutes(5))
                        .await()
                        .indefinitely())
                .noneMatch(message -> inserted.contains(message.id()));
        inserted.forEach(id -> outbox.done(id).await().indefinitely());
    }

    @Test
    void retriesBackOffExponentiallyUpToTheCap() {
        // MailDevResource: retry-base 250ms, retry-max 500ms
        assertThat(delivery.backoff(1)).isEqualTo(Duration.ofMillis(250));
        assertThat(delivery.backoff(2)).isEqualTo(Duration.ofMillis(500));
        assertThat(delivery.backoff(3)).isEqualTo(Duration.ofMillis(500));
        assertThat(delivery.backoff(40)).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void aSignInWithAFlagMailsTheUserAndOneWithoutDoesNot() {
        String email = Api.email("new-sign-in");
        Api.register(email);
        Api.login(email);
        Api.login(email);
        String address = Api.address();
        given().header("X-Forwarded-For", address)
                .header("User-Agent", UserAgents.SAFARI_IPHONE)
                .contentType(ContentType.JSON)
                .body(Map.of("email", email, "password", Api.PASSWORD, "rememberMe", false))
                .post("/auth/login")
                .then()
                .statusCode(200);

        await().atMost(MAIL)
                .until(() -> !mailBox.to(email, "New sign-in to your account").isEmpty());
        MailBox.Message notice =
                mailBox.to(email, "New sign-in to your account").get(0);
        assertThat(notice.text())
                .contains("Device: Smartphone, iOS")
                .contains("Browser: Safari")
                .contains("Location: Unknown location")
                .contains("IP address: " + address)
                .contains("http://console.test/sessions");
        assertThat(notice.html()).contains("href=\"http://console.test/sessions\"");
        await().atMost(MAIL).until(() -> rows(email).isEmpty());
        assertThat(mailBox.to(email, "New sign-in to your account")).hasSize(1);
    }

    @Test
    void everyNoticeArrivesAsTextAndHtmlFromTheConfiguredSender() {
        String email = Api.email("notices");
        UserAccount user = user(email);
        accountMail.mfaEnabled(user).await().indefinitely();
        accountMail.mfaDisabled(user).await().indefinitely();

        await().atMost(MAIL).until(() -> mailBox.to(email).size() == 2);
        for (MailBox.Message message : mailBox.to(email)) {
            assertThat(message.from()).isEqualTo("no-reply@localhost");
            assertThat(message.text()).contains("Hello Ada,").contains("http://console.test/sessions");
            assertThat(message.html()).contains("<p>Hello Ada,</p>");
        }
        assertThat(mailBox.to(email, "Two-factor authentication switched on")).hasSize(1);
        assertThat(mailBox.to(email, "Two-factor authentication switched off")).hasSize(1);
    }

    @Test
    void templatesEscapeWhatTheUserTypedInHtml() {
        MailTemplates.Rendered rendered = templates.render(
                MailKind.PASSWORD_CHANGED,
                Map.of(
                        "name", "<script>x</script>",
                        "time", "now",
                        "sessionsUrl", "http://console.test/sessions",
                        "forgotUrl", "http://console.test/forgot-password"));
        assertThat(rendered.subject()).isEqualTo("Your password was changed");
        assertThat(rendered.text()).contains("Hello <script>x</script>,");
        assertThat(rendered.html()).contains("&lt;script&gt;").doesNotContain("<script>");
    }

    @Test
    void aResetLinkIsBlankedWhenItIsDeadLettered() {
        String email = Api.email("dead-link");
        mailBox.down();
        accountMail
                .send(accountMail.passwordResetMessage(email, "Ada", "secret-token-value"))
                .await()
                .indefinitely();

        await().atMost(MAIL).until(() -> rows(email).stream().anyMatch(row -> row.getValue("dead_at") != null));
        assertThat(rows(email).get(0).getString("data")).isEqualTo("{}");
    }

    private static void changePassword(Session session, String current, String next) {
        Api.from(session.address())
                .header("Authorization", Api.bearer(session.accessToken()))
                .contentType(ContentType.JSON)
                .body(Map.of("currentPassword", current, "newPassword", next))
                .post("/auth/password")
                .then()
                .statusCode(204);
    }

    private static UserAccount user(String email) {
        UserAccount user = new UserAccount();
        user.id = UUID.randomUUID();
        user.email = email;
        user.displayName = "Ada";
        return user;
    }

    private List<Row> rows(String email) {
        List<Row> found = new ArrayList<>();
        pool.preparedQuery("SELECT * FROM auth.mail_outbox WHERE recipient = $1")
                .execute(Tuple.of(email))
                .await()
                .indefinitely()
                .forEach(found::add);
        return found;
    }

    private int attempts(String email) {
        return rows(email).stream()
                .mapToInt(row -> row.getInteger("attempts"))
                .max()
                .orElse(0);
    }
}
