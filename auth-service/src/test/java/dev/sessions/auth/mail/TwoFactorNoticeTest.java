package dev.sessions.auth.mail;

import java.time.Duration;
import java.util.Map;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import dev.sessions.auth.support.Api;
import dev.sessions.auth.support.Api.Session;
import dev.sessions.auth.support.MailBox;
import dev.sessions.auth.support.MailDevResource;
import dev.sessions.auth.support.Mfa;
import dev.sessions.auth.support.RegistryTestResource;
import dev.sessions.auth.support.TotpCodes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The user is told by mail when two-factor authentication is switched on or off, so that an attacker holding a session
 * cannot change it unnoticed; each notice is queued in the transaction of its change (a change without its notice, or
 * a notice without its change, cannot be committed).
 */
@QuarkusTest
@WithTestResource(value = RegistryTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
@WithTestResource(value = MailDevResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class TwoFactorNoticeTest {

    private static final Duration MAIL = Duration.ofSeconds(30);

    MailBox mailBox;

    @Test
    void switchingTwoFactorOnAndOffIsMailedToTheUserOnceEach() {
        String email = Api.email("mfa-notice");
        Api.register(email, Api.PASSWORD, "Grace Hopper");
        Session session = Api.login(email);

        Mfa.Enrolled enrolled = Mfa.enroll(session);

        await().atMost(MAIL)
                .until(() -> !mailBox.to(email, "Two-factor authentication switched on")
                        .isEmpty());
        MailBox.Message on =
                mailBox.to(email, "Two-factor authentication switched on").get(0);
        assertThat(on.text()).contains("Grace Hopper");
        assertThat(on.html()).contains("Grace Hopper");
        assertThat(mailBox.to(email, "Two-factor authentication switched off")).isEmpty();

        Mfa.as(session)
                .body(Map.of(
                        "currentPassword",
                        Api.PASSWORD,
                        "code",
                        enrolled.recoveryCodes().get(0)))
                .delete("/auth/mfa/totp")
                .then()
                .statusCode(204);

        await().atMost(MAIL)
                .until(() -> !mailBox.to(email, "Two-factor authentication switched off")
                        .isEmpty());
        assertThat(mailBox.to(email))
                .extracting(MailBox.Message::subject)
                .containsOnlyOnce("Two-factor authentication switched on", "Two-factor authentication switched off");
    }

    @Test
    void aConfirmationWithAWrongCodeMailsNothing() {
        String email = Api.email("mfa-wrong-code");
        Api.register(email);
        Session session = Api.login(email);
        String secret = Mfa.setup(session);

        // five steps away: outside the ±1 step of drift
        Mfa.confirm(session, TotpCodes.now(secret, 5)).then().statusCode(400);
        Mfa.enroll(session);

        await().atMost(MAIL)
                .until(() -> !mailBox.to(email, "Two-factor authentication switched on")
                        .isEmpty());
        assertThat(mailBox.to(email))
                .extracting(MailBox.Message::subject)
                .containsExactly("Two-factor authentication switched on");
    }
}
