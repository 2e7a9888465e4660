package dev.sessions.auth.metrics;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

import jakarta.inject.Singleton;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkiverse.resteasy.problem.HttpProblem;
import io.quarkus.runtime.Startup;

import dev.sessions.auth.mail.MailKind;
import dev.sessions.auth.user.PasswordHasher;

/**
 * auth-service's own metrics (the contract's "Operations" names). Every counter is registered for each of its label
 * values at start-up, so that a scrape shows them all from zero and recording does no tag lookup or allocation.
 */
@Singleton
@Startup
public class AuthMetrics {

    /** The {@code result} of a sign-in step. */
    public enum Login {
        /** A session was opened (by the password alone, or by the second step). */
        SUCCESS,
        /** Wrong email, password or second-factor code, or a second step that expired. */
        FAILURE,
        /** Refused with 429 by the throttle before the password was checked. */
        THROTTLED,
        /** The password was right and the account asks for a second factor. */
        MFA_REQUIRED,
        /** The account is deactivated (403). */
        DEACTIVATED
    }

    /** The {@code result} of a refresh. */
    public enum Refresh {
        /** The presented token was rotated to a new one. */
        ROTATED,
        /**
         * An already rotated token answered with its chain's current link: within the grace window (another tab), or
         * its successor was never presented (an answer lost in flight).
         */
        GRACE,
        /** An already rotated token presented after the grace window: the session is revoked. */
        REUSE,
        /** Missing, unknown or expired token, ended session or deactivated account: 401. */
        REFUSED
    }

    private static final String HASH_QUEUE = "auth.password.hash.queue";

    private final Map<Login, Counter> logins = new EnumMap<>(Login.class);
    private final Map<Refresh, Counter> refreshes = new EnumMap<>(Refresh.class);
    private final Map<MailKind, Counter> mails = new EnumMap<>(MailKind.class);
    private final Counter extendedInStep;
    private final Counter extendedByRegistry;

    public AuthMetrics(MeterRegistry registry, PasswordHasher hasher) {
        for (Login result : Login.values()) {
            logins.put(
                    result,
                    Counter.builder("auth.logins")
                            .description("Sign-in steps (POST /auth/login and /auth/login/mfa) by result")
                            .tag("result", label(result))
                            .register(registry));
        }
        for (Refresh result : Refresh.values()) {
            refreshes.put(
                    result,
                    Counter.builder("auth.refreshes")
                            .description("Refresh-token presentations (POST /auth/refresh) by result")
                            .tag("result", label(result))
                            .register(registry));
        }
        extendedInStep = extensions(registry, "step");
        extendedByRegistry = extensions(registry, "registry");
        for (MailKind kind : MailKind.values()) {
            if (kind.template() != null) {
                mails.put(
                        kind,
                        Counter.builder("auth.mail.sent")
                                .description("Messages the SMTP server accepted, by kind (template)")
                                .tag("kind", kind.template())
                                .register(registry));
            }
        }
        // strongly: the hasher injected here is a client proxy nothing else holds, which a weak gauge would lose; and
        // anew: an application restarted in the same JVM (tests) would otherwise keep the previous one's gauge, bound
        // to
        // beans of a stopped container
        registry.find(HASH_QUEUE).meters().forEach(registry::remove);
        Gauge.builder(HASH_QUEUE, hasher, PasswordHasher::queued)
                .description("Password hashes waiting for a thread of this instance's argon2id pool")
                .strongReference(true)
                .register(registry);
    }

    private static Counter extensions(MeterRegistry registry, String by) {
        return Counter.builder("auth.refresh.extensions")
                .description("Sessions extended by a refresh, by who extended them: the rotation's own step (ADR 19)"
                        + " or the registry (a new address or device to read)")
                .tag("by", by)
                .register(registry);
    }

    private static String label(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    /** A sign-in step ended with {@code result}. */
    public void login(Login result) {
        logins.get(result).increment();
    }

    /**
     * A sign-in step failed with {@code failure}: 401 is a failure, 429 throttled, 403 deactivated; anything else (a bad
     * request, 503) is not a sign-in result and is not counted.
     */
    public void loginFailed(Throwable failure) {
        if (failure instanceof HttpProblem problem) {
            switch (problem.getStatusCode()) {
                case 401 -> login(Login.FAILURE);
                case 429 -> login(Login.THROTTLED);
                case 403 -> login(Login.DEACTIVATED);
                default -> {
                    // not an answer about the credentials
                }
            }
        }
    }

    /** A refresh ended with {@code result}. */
    public void refresh(Refresh result) {
        refreshes.get(result).increment();
    }

    /** A refresh's session was extended in the rotation's own step ({@code inStep}) or by the registry. */
    public void extended(boolean inStep) {
        (inStep ? extendedInStep : extendedByRegistry).increment();
    }

    /** The SMTP server accepted a message of {@code kind}. */
    public void mailSent(MailKind kind) {
        Counter sent = mails.get(kind);
        if (sent != null) {
            sent.increment();
        }
    }
}
