package dev.sessions.auth.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/** Every setting of auth-service, each default written once here. */
@ConfigMapping(prefix = "auth")
public interface AuthConfig {

    /** Issuer ({@code iss}) written into access tokens; the registry checks it. */
    @WithDefault("session-backend")
    String issuer();

    /** Access tokens. */
    AccessToken accessToken();

    /** Session lifetimes, computed here and handed to the registry. */
    Session session();

    /** Refresh-token rotation. */
    Refresh refresh();

    /** Self-service registration. */
    Registration registration();

    /** The first administrator, created at start-up. */
    BootstrapAdmin bootstrapAdmin();

    /** Origins allowed on requests that authenticate with the refresh cookie (CSRF defence); {@code null} never is. */
    @WithDefault("http://localhost:8080,http://127.0.0.1:8080")
    List<String> allowedOrigins();

    /** Sign-in throttling. */
    Login login();

    /** Peers (CIDR) whose {@code X-Forwarded-For} is believed. */
    @WithDefault("127.0.0.0/8,::1")
    List<String> trustedProxies();

    /** The keys access tokens are signed with. */
    Signing signing();

    /** The pub/sub channel revocations are announced on. */
    Revocation revocation();

    /** Password hashing. */
    Password password();

    /** The queue of the password-hashing pool. */
    PasswordHashing passwordHashing();

    /** The user store (PostgreSQL). */
    UserStore userStore();

    /** Readiness checks. */
    Health health();

    /** The gateway's public address, which links in mail point to. */
    @WithDefault("http://localhost:8080")
    String publicUrl();

    /** Outgoing mail (the SMTP server itself: {@code quarkus.mailer.*}). */
    Mail mail();

    /** Password reset by emailed link. */
    PasswordReset passwordReset();

    /** Two-factor authentication (TOTP). */
    Mfa mfa();

    /**
     * Text before every Redis key (outside its hash tag), so that deployments or test runs sharing one Redis (a
     * cluster has database 0 only) keep apart; the registry's {@code registry.redis.key-prefix} must be the same.
     */
    @WithName("redis.key-prefix")
    Optional<String> redisKeyPrefix();

    /** Shared secret of service-to-service calls, aliased from {@code internal.api-token} (env INTERNAL_API_TOKEN). */
    Optional<String> internalApiToken();

    /** Access-token settings. */
    interface AccessToken {
        /** Lifetime of an access token. */
        @WithDefault("15m")
        Duration ttl();
    }

    /** Session lifetime settings. */
    interface Session {
        /** A session without "remember me" that is not refreshed for this long ends. */
        @WithDefault("24h")
        Duration idleTimeout();

        /** No session lives longer than this from sign-in; a "remember me" session lives exactly this long. */
        @WithDefault("30d")
        Duration maxLifetime();

        /**
         * Most live sessions per user (0: no cap): a sign-in beyond it ends the user's least recently active session
         * (REVOKED, SESSION_LIMIT).
         */
        @WithDefault("100")
        int maxPerUser();
    }

    /** Refresh-token settings. */
    interface Refresh {
        /** How long an already rotated token still yields the same successor (tabs racing) instead of counting as reuse. */
        @WithDefault("10s")
        Duration reuseGrace();

        /**
         * How long the previous token keeps yielding its successor while that successor was never presented (an
         * answer lost in flight), instead of counting as reuse.
         */
        @WithDefault("24h")
        Duration unusedSuccessorLimit();

        /** Base64 HMAC key (at least 32 bytes) that derives each refresh secret from its predecessor. */
        Optional<String> secret();
    }

    /** Registration settings. */
    interface Registration {
        /** Whether {@code POST /auth/register} accepts new accounts. */
        @WithDefault("true")
        boolean enabled();

        /** Well-formed registrations (201 or 409) from one client address (IPv6: its /64) per window before 429. */
        @WithDefault("10")
        int maxPerAddress();

        /** Window of {@code max-per-address}, starting at the first registration counted. */
        @WithDefault("1h")
        Duration window();
    }

    /** Bootstrap administrator settings. */
    interface BootstrapAdmin {
        /** Email of the administrator created at start-up when no user has it. */
        Optional<String> email();

        /** Password of that administrator. */
        Optional<String> password();
    }

    /** Sign-in throttling settings. */
    interface Login {
        /** Failed sign-ins of one account within the window after which it answers 429. */
        @WithDefault("10")
        int maxFailuresPerAccount();

        /** Failed sign-ins from one client address within the window after which it answers 429. */
        @WithDefault("100")
        int maxFailuresPerAddress();

        /** Window in which failures are counted, starting at the first failure. */
        @WithDefault("15m")
        Duration failureWindow();
    }

    /** Signing-key settings. */
    interface Signing {
        /**
         * PEM (PKCS#8) content of the private signing key; the key's type chooses the algorithm: Ed25519 (EdDSA, what
         * ./stack generates), EC P-256 (ES256) or RSA (RS256).
         */
        Optional<String> privateKey();

        /** {@code kid} of the signing key; its RFC 7638 thumbprint when unset. */
        Optional<String> keyId();

        /** PEM public keys of retired signing keys, still published in the JWKS during a rotation. */
        Optional<List<String>> previousPublicKeys();
    }

    /** Revocation channel settings. */
    interface Revocation {
        /** Redis pub/sub channel on which the registry announces ended sessions. */
        @WithDefault("revocations")
        String channel();
    }

    /** Password-hashing settings (argon2id). */
    interface Password {
        /** argon2id memory cost in KiB (OWASP: 19456). */
        @WithDefault("19456")
        int memoryKib();

        /** argon2id iterations (OWASP: 2). */
        @WithDefault("2")
        int iterations();

        /** argon2id parallelism (OWASP: 1). */
        @WithDefault("1")
        int parallelism();

        /** Threads of the pool that hashes passwords off the event loop. */
        @WithDefault("2")
        int hashingThreads();
    }

    /** Password-hashing queue settings. */
    interface PasswordHashing {
        /** Hashes waiting for a thread beyond which a request needing one answers 503 with Retry-After at once. */
        @WithDefault("64")
        int maxQueue();
    }

    /** Two-factor settings. */
    interface Mfa {
        /**
         * Base64 AES-256 key (32 bytes) that encrypts TOTP secrets at rest and keys the hashes of recovery codes;
         * changing it voids every enrolment.
         */
        Optional<String> encryptionKey();
    }

    /** User-store settings. */
    interface UserStore {
        /** How long a request waits for PostgreSQL before it answers 503 (a frozen server must not hang sign-ins). */
        @WithDefault("5s")
        Duration timeout();
    }

    /** Readiness settings. */
    interface Health {
        /** How long readiness waits for PostgreSQL or the registry before it reports them unreachable. */
        @WithDefault("2s")
        Duration timeout();
    }

    /** Outgoing-mail settings: the outbox that sends it. */
    interface Mail {
        /** Sender address of every message. */
        @WithDefault("Account security <no-reply@localhost>")
        String from();

        /** How often each instance looks for mail that is due (new mail is also sent at once). */
        @WithDefault("2s")
        Duration pollInterval();

        /** Attempts at one message before it is dead-lettered (kept, logged, never sent). */
        @WithDefault("12")
        int maxAttempts();

        /** Wait after the first failed attempt; it doubles with every further one. */
        @WithDefault("5s")
        Duration retryBase();

        /** Longest wait between two attempts. */
        @WithDefault("1h")
        Duration retryMax();

        /** How long one SMTP delivery may take before it counts as failed. */
        @WithDefault("15s")
        Duration sendTimeout();

        /** How long a claimed message stays with the instance that claimed it (longer than send-timeout). */
        @WithDefault("2m")
        Duration claimLease();

        /** Messages claimed at once by one instance. */
        @WithDefault("10")
        int batchSize();
    }

    /** Password-reset settings. */
    interface PasswordReset {
        /** How long an emailed reset link works. */
        @WithDefault("30m")
        Duration ttl();

        /** Reset requests from one client address (IPv6: its /64) per window before 429. */
        @WithDefault("20")
        int maxPerAddress();

        /** Reset requests for one email per window before 429. */
        @WithDefault("5")
        int maxPerEmail();

        /** Window of both limits, starting at the first request counted. */
        @WithDefault("1h")
        Duration window();
    }
}
