package dev.sessions.auth.mail;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import dev.sessions.auth.support.MailBox;
import dev.sessions.auth.support.MailDevResource;
import dev.sessions.auth.support.RegistryTestResource;
import dev.sessions.contract.revocation.ChannelMessage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A report the registry announces on the revocation channel is mailed to every active admin, once per admin even when
 * it is heard again (every auth-service instance hears it), with the user's note escaped in the HTML part.
 */
@QuarkusTest
@WithTestResource(value = RegistryTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
@WithTestResource(value = MailDevResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class ReportMailTest {

    private static final String SUBJECT = "A session was reported to you";

    MailBox mailBox;

    @Inject
    RedisDataSource redis;

    @Test
    void aReportedSessionIsMailedToTheAdminsOnceHoweverOftenItIsAnnounced() {
        String reporter = "reporter-" + UUID.randomUUID() + "@test.example";
        String note = "Not me <b>at all</b>";
        ChannelMessage.Reported report = new ChannelMessage.Reported(
                UUID.randomUUID().toString(),
                reporter,
                "Computer, Linux, Firefox",
                "81.2.69.142",
                "London, United Kingdom",
                note,
                System.currentTimeMillis());

        redis.pubsub(String.class).publish(channel(), report.toJson());
        redis.pubsub(String.class).publish(channel(), report.toJson());

        await().atMost(Duration.ofSeconds(30)).until(() -> !about(reporter).isEmpty());
        MailBox.Message mail = about(reporter).get(0);
        assertThat(mail.text())
                .contains(
                        reporter,
                        "Computer, Linux, Firefox",
                        "81.2.69.142",
                        "London, United Kingdom",
                        note,
                        "/reports");
        assertThat(mail.html()).contains("Not me &lt;b&gt;at all&lt;/b&gt;").doesNotContain("<b>at all</b>");
        // a third announcement after the first mail went out, then another report: once that one has arrived, the
        // repeat would have too
        redis.pubsub(String.class).publish(channel(), report.toJson());
        String later = "later-" + UUID.randomUUID() + "@test.example";
        redis.pubsub(String.class)
                .publish(
                        channel(),
                        new ChannelMessage.Reported(UUID.randomUUID().toString(), later, null, null, null, null, null)
                                .toJson());
        await().atMost(Duration.ofSeconds(30)).until(() -> !about(later).isEmpty());
        assertThat(about(reporter)).hasSize(1);
        assertThat(about(later).get(0).text()).contains("Unknown location").doesNotContain("Their note");
    }

    /** The messages to the bootstrap admin about this reporter. */
    private List<MailBox.Message> about(String reporter) {
        return mailBox.to(adminEmail(), SUBJECT).stream()
                .filter(message -> message.text().contains(reporter))
                .toList();
    }

    private static String adminEmail() {
        return ConfigProvider.getConfig().getValue("auth.bootstrap-admin.email", String.class);
    }

    private static String channel() {
        return ConfigProvider.getConfig().getValue("auth.revocation.channel", String.class);
    }
}
