package dev.sessions.auth.mail;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import org.jboss.logging.Logger;

import dev.sessions.auth.config.AuthConfig;
import dev.sessions.auth.user.UserAccount;
import dev.sessions.contract.internal.OpenedSession;
import dev.sessions.contract.revocation.ChannelMessage;

/**
 * The messages auth-service sends a user, one method per notice. The {@code …Message} methods build a message for the
 * caller to insert in the transaction of its own change ({@link MailOutbox#insert}); the others insert it on their own.
 * After a commit, {@link #nudge()} has it sent at once rather than at the next poll.
 */
@ApplicationScoped
public class AccountMail {

    /** Local event-bus address on which {@link MailDelivery} hears that mail is due. */
    static final String DUE = "auth.mail.due";

    private static final Logger LOG = Logger.getLogger(AccountMail.class);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern(
                    "d MMMM yyyy 'at' HH:mm 'UTC'", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);
    private static final String UNKNOWN = "Unknown";

    private final MailOutbox outbox;
    private final AuthConfig config;
    private final Vertx vertx;
    private final Clock clock;

    AccountMail(MailOutbox outbox, AuthConfig config, Vertx vertx, Clock clock) {
        this.outbox = outbox;
        this.config = config;
        this.vertx = vertx;
        this.clock = clock;
    }

    /** The reset link for an active account, valid for {@code auth.password-reset.ttl}. */
    public OutgoingMail passwordResetMessage(String email, String displayName, String token) {
        Map<String, String> data = common(displayName);
        data.put("link", config.publicUrl() + "/reset-password#token=" + token);
        data.put("ttl", words(config.passwordReset().ttl()));
        return new OutgoingMail(MailKind.PASSWORD_RESET, email, data);
    }

    /** "Your password was reset", for the transaction that sets it. */
    public OutgoingMail passwordWasResetMessage(String email, String displayName, Instant at) {
        Map<String, String> data = common(displayName);
        data.put("time", TIME.format(at));
        return new OutgoingMail(MailKind.PASSWORD_WAS_RESET, email, data);
    }

    /** "Your password was changed", for the transaction that changes it. */
    public OutgoingMail passwordChangedMessage(UserAccount user, Instant at) {
        Map<String, String> data = common(user.displayName);
        data.put("time", TIME.format(at));
        return new OutgoingMail(MailKind.PASSWORD_CHANGED, user.email, data);
    }

    /** "Two-factor authentication switched on", for the transaction that switches it on. */
    public OutgoingMail mfaEnabledMessage(UserAccount user) {
        return new OutgoingMail(MailKind.MFA_ENABLED, user.email, common(user.displayName));
    }

    /** "Two-factor authentication switched off", for the transaction that switches it off. */
    public OutgoingMail mfaDisabledMessage(UserAccount user) {
        return new OutgoingMail(MailKind.MFA_DISABLED, user.email, common(user.displayName));
    }

    /** "A session was reported to you", to one admin, for the transaction that records the report's notice. */
    public OutgoingMail sessionReportedMessage(ChannelMessage.Reported report, String email, String displayName) {
        Map<String, String> data = common(displayName);
        data.put("reporter", orUnknown(report.email()));
        data.put("device", orUnknown(report.device()));
        data.put("location", report.location() == null ? "Unknown location" : report.location());
        data.put("ip", orUnknown(report.ip()));
        data.put("note", report.note() == null ? "" : report.note());
        data.put("time", TIME.format(report.at() == null ? clock.instant() : Instant.ofEpochMilli(report.at())));
        data.put("reportsUrl", config.publicUrl() + "/reports");
        return new OutgoingMail(MailKind.SESSION_REPORTED, email, data);
    }

    /** Tells the user that two-factor authentication is now on. */
    public Uni<Void> mfaEnabled(UserAccount user) {
        return send(mfaEnabledMessage(user));
    }

    /** Tells the user that two-factor authentication is now off. */
    public Uni<Void> mfaDisabled(UserAccount user) {
        return send(mfaDisabledMessage(user));
    }

    /**
     * Tells the user of a sign-in that carried a flag (none: nothing is sent). The session is open already, so a
     * failure to queue the message is logged and does not fail the sign-in.
     */
    public Uni<Void> newSignIn(UserAccount user, OpenedSession session, String ip) {
        if (session.flags() == null || session.flags().isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Map<String, String> data = common(user.displayName);
        OpenedSession.Device device = session.device();
        data.put("device", device == null ? UNKNOWN : device.type() + ", " + device.os());
        data.put("browser", device == null ? UNKNOWN : device.browser());
        data.put("location", location(session.location()));
        data.put("ip", ip == null ? UNKNOWN : ip);
        data.put("time", TIME.format(session.createdAt() == null ? clock.instant() : session.createdAt()));
        data.put("flags", session.flags().toString());
        return send(new OutgoingMail(MailKind.NEW_SIGN_IN, user.email, data))
                .onFailure()
                .recoverWithItem(failure -> {
                    LOG.errorf(
                            "could not queue the new-sign-in mail of session %s: %s",
                            session.sessionId(), failure.toString());
                    return null;
                });
    }

    /** Inserts a message on its own and has it sent at once. */
    public Uni<Void> send(OutgoingMail mail) {
        return outbox.insert(mail, clock.instant()).invoke(this::nudge);
    }

    /** Has what is due sent now (after a commit that queued mail). */
    public void nudge() {
        vertx.eventBus().send(DUE, "");
    }

    private static String orUnknown(String value) {
        return value == null || value.isBlank() ? UNKNOWN : value;
    }

    private Map<String, String> common(String displayName) {
        Map<String, String> data = new HashMap<>();
        data.put("name", displayName == null || displayName.isBlank() ? "there" : displayName);
        data.put("sessionsUrl", config.publicUrl() + "/sessions");
        data.put("forgotUrl", config.publicUrl() + "/forgot-password");
        return data;
    }

    private static String location(OpenedSession.Location location) {
        if (location == null || location.country() == null) {
            return "Unknown location";
        }
        return location.city() == null ? location.country() : location.city() + ", " + location.country();
    }

    /** A duration as a person says it: "30 minutes", "2 hours", "45 seconds". */
    static String words(Duration duration) {
        long seconds = duration.toSeconds();
        if (seconds % 3600 == 0 && seconds >= 3600) {
            return plural(seconds / 3600, "hour");
        }
        if (seconds % 60 == 0 && seconds >= 60) {
            return plural(seconds / 60, "minute");
        }
        return plural(seconds, "second");
    }

    private static String plural(long n, String unit) {
        return n + " " + unit + (n == 1 ? "" : "s");
    }
}
