package dev.sessions.registry.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

import dev.sessions.contract.history.OutboxEntry;

/** Every setting of the session registry, with its default, under the prefix {@code registry}. */
@ConfigMapping(prefix = "registry")
public interface RegistryConfig {

    /** Expected {@code iss} of access tokens; must equal auth-service's {@code auth.issuer}. */
    @WithDefault("session-backend")
    String issuer();

    /** Where auth-service publishes its JWK Set. */
    @WithName("jwks-url")
    @WithDefault("http://localhost:8081/auth/jwks.json")
    String jwksUrl();

    /** Access-token verification. */
    Token token();

    /** Revocation denylist and its pub/sub channel. */
    Revocation revocation();

    /** Last-activity bookkeeping. */
    Activity activity();

    /** The expiry sweeper. */
    Sweeper sweeper();

    /** The outbox drain into PostgreSQL. */
    History history();

    /** Session listing and bulk revocation. */
    Sessions sessions();

    /** Location lookups. */
    Geoip geoip();

    /** User-Agent parsing. */
    Device device();

    /** Clients of {@code /introspect}. */
    Introspection introspection();

    /** The live event streams ({@code GET /sessions/events}). */
    Events events();

    /**
     * Text before every Redis key (outside its hash tag), so that deployments or test runs sharing one Redis (a
     * cluster has database 0 only) keep apart; auth-service's {@code auth.redis.key-prefix} must be the same.
     */
    @WithName("redis.key-prefix")
    Optional<String> redisKeyPrefix();

    /**
     * Replicas that must hold a script's writes of revocations and history events before the call answers ({@code
     * WAIT}); 0 (standalone Redis) waits for none. With a Redis Cluster or replicated Redis set 1, so that a failover
     * cannot lose what was answered.
     */
    @WithName("redis.wait-replicas")
    @WithDefault("0")
    int redisWaitReplicas();

    /** Longest {@code WAIT} for {@link #redisWaitReplicas()}; past it the call answers 503 (the write may be lost). */
    @WithName("redis.wait-timeout")
    @WithDefault("1s")
    Duration redisWaitTimeout();

    /** The gauges read from Redis at {@code /q/metrics}. */
    Metrics metrics();

    /** Peers (CIDRs) whose {@code X-Forwarded-For} is believed; the client is the right-most untrusted entry. */
    @WithName("trusted-proxies")
    @WithDefault("127.0.0.0/8,::1")
    List<String> trustedProxies();

    /** Access-token verification settings. */
    interface Token {
        /** Tolerated clock difference with auth-service when checking {@code exp} and {@code iat}. */
        @WithDefault("10s")
        Duration clockSkew();

        /**
         * The longest access-token lifetime ({@code exp - iat}) accepted: auth-service's {@code auth.access-token.ttl}.
         * The denylist is kept for this plus twice the clock skew plus a minute, so a longer token is refused: its
         * revocation could lapse while it is still valid.
         */
        @WithDefault("${auth.access-token.ttl:15m}")
        Duration maxLifetime();

        /** How many verified tokens are kept in memory so that {@code /check} skips the signature check. */
        @WithDefault("100000")
        long cacheSize();

        /** How often the JWK Set is fetched again even without an unknown {@code kid} (drops retired keys). */
        @WithDefault("10m")
        Duration jwksRefreshInterval();

        /** Shortest time between two fetches caused by unknown {@code kid}s, so forged headers cannot flood auth-service. */
        @WithDefault("5s")
        Duration jwksRefetchInterval();

        /** Time allowed for one JWK Set fetch. */
        @WithDefault("3s")
        Duration jwksTimeout();
    }

    /** Denylist settings. */
    interface Revocation {
        /** Pub/sub channel on which revocations are announced to every instance of both services. */
        @WithDefault("revocations")
        String channel();

        /**
         * Longest wait, before a revocation call answers, for every subscriber of the channel to acknowledge it.
         * When some have not, the call answers no sooner than {@link #lease()} after the revocation was written (by
         * then every instance that did not acknowledge has stopped answering from memory) and logs their names.
         */
        @WithDefault("250ms")
        Duration ackWait();

        /**
         * How long an instance may answer from its near-cache after sending a heartbeat that came back through its
         * own subscription (heartbeats go every quarter of it). Without a fresh one it answers from Redis.
         */
        @WithDefault("2s")
        Duration lease();

        /** Wait before re-subscribing after the pub/sub connection dropped (doubles up to 30 s). */
        @WithDefault("500ms")
        Duration resubscribeDelay();
    }

    /** Introspection settings. */
    interface Introspection {
        /**
         * {@code name:secret} pairs, comma-separated: each client may call {@code /introspect} with HTTP Basic
         * authentication (RFC 7662 §2.1) and nothing else. Names and secrets use URL-safe characters
         * ({@code A-Z a-z 0-9 . _ ~ -}), secrets at least 16 of them.
         */
        Optional<List<String>> clients();
    }

    /** Last-activity settings. */
    interface Activity {
        /** A session's last activity is written to Redis at most once per this interval and instance. */
        @WithDefault("60s")
        Duration interval();
    }

    /** Expiry sweeper settings. */
    interface Sweeper {
        /** How often the expiry index is scanned for sessions past their deadline. */
        @WithDefault("5s")
        Duration interval();

        /** Sessions ended per script call. */
        @WithDefault("500")
        int batchSize();
    }

    /** History outbox settings. */
    interface History {
        /** How often an idle drain worker looks at the outbox stream (the scheduler's finest step is 1 s). */
        @WithDefault("1s")
        Duration pollInterval();

        /** Events read and inserted per batch. */
        @WithDefault("200")
        int batchSize();

        /** Events left unacknowledged this long by another consumer (a crashed instance) are taken over. */
        @WithDefault("30s")
        Duration claimIdle();

        /**
         * TTL of the dead-letter stream, extended on every entry kept there; the outbox streams themselves have none
         * (a TTL could drop events waiting for PostgreSQL).
         */
        @WithDefault(OutboxEntry.STREAM_TTL)
        Duration outboxTtl();

        /**
         * Consumer name in the group {@code history-writer}, unique per instance; by default the host name and HTTP
         * port, which a restarted container or pod keeps, so that it takes back at once what it had read but not
         * stored when it stopped.
         */
        Optional<String> consumer();

        /** How long readiness waits for PostgreSQL to answer before it reports it unreachable. */
        @WithDefault("2s")
        Duration healthTimeout();

        /**
         * How long a history or report read waits for the schema migration that runs beside the start (ADR 17) before
         * it answers 503.
         */
        @WithDefault("5s")
        Duration schemaWait();

        /** Largest {@code limit} of a history page. */
        @WithDefault("100")
        int maxPageSize();

        /** {@code limit} of a history page when none is given. */
        @WithDefault("20")
        int defaultPageSize();
    }

    /** Session listing settings. */
    interface Sessions {
        /** Largest and default page size of the admin session list. */
        @WithDefault("100")
        int adminPageSize();

        /** Most sessions a user's own list returns (the current one first, then the most recently active). */
        @WithDefault("1000")
        int userListLimit();

        /** Sessions read per script while a user's own list is gathered, so that no script reads them all at once. */
        @WithDefault("100")
        int listBatchSize();

        /**
         * Users whose whole list an instance keeps in memory, kept current by the revocation channel's announcements
         * (ADR 22; least recently read dropped first, none older than {@code registry.activity.interval}); 0: every
         * list reads Redis.
         */
        @WithDefault("10000")
        int listCacheUsers();

        /** Sessions revoked per atomic script when a whole user is signed out. */
        @WithDefault("500")
        int revokeBatchSize();
    }

    /** Location database settings. */
    interface Geoip {
        /** One or more {@code .mmdb} files (MaxMind GeoIP2/GeoLite2 City or DB-IP City Lite layout); none: no locations. */
        Optional<List<String>> database();

        /** Attribution text shown by the console; derived from the database when not set. */
        Optional<String> attributionText();

        /** Link of the attribution; derived from the database when not set. */
        Optional<String> attributionUrl();

        /** How often the files are looked at: one replaced since (a new modification time, size or inode) is reloaded. */
        @WithDefault("60s")
        Duration reloadInterval();
    }

    /** Device settings. */
    interface Device {
        /** Distinct User-Agent strings kept parsed in memory. */
        @WithDefault("10000")
        long cacheSize();

        /** Longer User-Agent strings are not parsed (the device reads Unknown). */
        @WithDefault("1024")
        int maxUserAgentLength();
    }

    /** Live event stream settings. */
    interface Events {
        /** How often an idle stream gets a comment line (the contract: at least every 25 s). */
        @WithDefault("20s")
        Duration keepAlive();

        /** Most open streams per user on one instance; one more is refused with 429. */
        @WithDefault("10")
        int maxPerUser();

        /** Most open streams on one instance; one more is refused with 503 and Retry-After. */
        @WithDefault("10000")
        int maxStreams();

        /** Events queued for one stream whose client does not read; beyond that the stream is closed. */
        @WithDefault("32")
        int queue();
    }

    /** Metrics settings. */
    interface Metrics {
        /**
         * How often {@code sessions_live} and {@code history_outbox_backlog} are read from Redis: shared figures,
         * read by every instance and served from memory in between, so that a scrape costs no Redis call.
         */
        @WithDefault("5s")
        Duration gaugeInterval();
    }
}
