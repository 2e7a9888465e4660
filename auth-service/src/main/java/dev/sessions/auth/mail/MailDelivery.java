package dev.sessions.auth.mail;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.mailer.Mail;
import io.quarkus.mailer.reactive.ReactiveMailer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import org.jboss.logging.Logger;

import dev.sessions.auth.config.AuthConfig;
import dev.sessions.auth.mail.MailOutbox.Claimed;
import dev.sessions.auth.metrics.AuthMetrics;
import dev.sessions.auth.recovery.ResetRequests;
import dev.sessions.contract.schema.SchemaMigration;

/**
 * Sends what the outbox holds, off every request path: every {@code auth.mail.poll-interval} and whenever a commit
 * queued mail, it claims a batch of due messages (another instance skips them), sends each over SMTP within
 * {@code auth.mail.send-timeout}, and deletes it; a failure puts it back with an exponential backoff, and after
 * {@code auth.mail.max-attempts} it is dead-lettered. Every outcome is logged. One drain at a time per instance.
 */
@ApplicationScoped
public class MailDelivery {

    private static final Logger LOG = Logger.getLogger(MailDelivery.class);

    private final MailOutbox outbox;
    private final MailTemplates templates;
    private final ResetRequests resetRequests;
    private final ReactiveMailer mailer;
    private final AuthMetrics metrics;
    private final AuthConfig.Mail config;
    private final Vertx vertx;
    private final Clock clock;
    private final SchemaMigration schema;
    private final AtomicBoolean draining = new AtomicBoolean();
    private final AtomicBoolean again = new AtomicBoolean();
    private long timer = -1;

    MailDelivery(
            MailOutbox outbox,
            MailTemplates templates,
            ResetRequests resetRequests,
            ReactiveMailer mailer,
            AuthMetrics metrics,
            AuthConfig config,
            Vertx vertx,
            Clock clock,
            SchemaMigration schema) {
        this.outbox = outbox;
        this.templates = templates;
        this.resetRequests = resetRequests;
        this.mailer = mailer;
        this.metrics = metrics;
        this.config = config.mail();
        this.vertx = vertx;
        this.clock = clock;
        this.schema = schema;
    }

    void start(@Observes StartupEvent event) {
        vertx.eventBus().localConsumer(AccountMail.DUE, message -> drain());
        timer = vertx.setPeriodic(config.pollInterval().toMillis(), id -> drain());
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /** Claims and handles due messages until none is left; a call during a drain makes it look once more. */
    void drain() {
        if (!schema.isMigrated()) {
            // due mail waits in the outbox table until the schema it lives in is migrated (ADR 17)
            return;
        }
        if (!draining.compareAndSet(false, true)) {
            again.set(true);
            return;
        }
        again.set(false);
        outbox.claim(clock.instant(), config.batchSize(), config.claimLease())
                .chain(this::handleAll)
                .subscribe()
                .with(full -> finish(full), failure -> {
                    LOG.warnf("mail outbox unavailable, trying again shortly: %s", failure.toString());
                    finish(false);
                });
    }

    private void finish(boolean full) {
        draining.set(false);
        if (full || again.getAndSet(false)) {
            vertx.runOnContext(ignored -> drain());
        }
    }

    /** Handles the batch one message at a time; true when it was full (more may be due). */
    private Uni<Boolean> handleAll(List<Claimed> batch) {
        return Multi.createFrom()
                .iterable(batch)
                .onItem()
                .transformToUniAndConcatenate(this::handle)
                .collect()
                .last()
                .replaceWith(batch.size() >= config.batchSize());
    }

    private Uni<Void> handle(Claimed message) {
        Uni<Void> work = message.kind() == MailKind.RESET_REQUEST ? resetRequests.resolve(message) : send(message);
        return work.chain(() -> outbox.done(message.id()))
                .onFailure()
                .recoverWithUni(failure -> failed(message, failure));
    }

    private Uni<Void> send(Claimed message) {
        MailTemplates.Rendered rendered = templates.render(message.kind(), message.data());
        Mail mail = Mail.withText(message.recipient(), rendered.subject(), rendered.text())
                .setHtml(rendered.html())
                .setFrom(config.from());
        return mailer.send(mail)
                .ifNoItem()
                .after(config.sendTimeout())
                .failWith(() -> new IllegalStateException("no answer from the SMTP server in "
                        + config.sendTimeout().toSeconds() + " s"))
                .invoke(() -> {
                    metrics.mailSent(message.kind());
                    LOG.infof("mail %s (%s) sent on attempt %d", message.id(), message.kind(), message.attempt());
                });
    }

    private Uni<Void> failed(Claimed message, Throwable failure) {
        String error = failure.toString();
        Instant now = clock.instant();
        if (message.attempt() >= config.maxAttempts()) {
            LOG.errorf(
                    "mail %s (%s) dead-lettered after %d attempts (auth.mail_outbox, dead_at set): %s",
                    message.id(), message.kind(), message.attempt(), error);
            return outbox.dead(message.id(), now, error).onFailure().recoverWithNull();
        }
        Duration wait = backoff(message.attempt());
        LOG.warnf(
                "mail %s (%s) attempt %d failed, next in %d s: %s",
                message.id(), message.kind(), message.attempt(), wait.toSeconds(), error);
        // if even this fails, the claim's lease runs out and the message is claimed again
        return outbox.retryAt(message.id(), now.plus(wait), error).onFailure().recoverWithNull();
    }

    /** The wait after attempt {@code n}: retry-base doubled n-1 times, at most retry-max. */
    Duration backoff(int attempt) {
        Duration wait = config.retryBase();
        for (int i = 1; i < attempt && wait.compareTo(config.retryMax()) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(config.retryMax()) > 0 ? config.retryMax() : wait;
    }
}
