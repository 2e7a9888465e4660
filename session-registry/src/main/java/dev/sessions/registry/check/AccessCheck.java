package dev.sessions.registry.check;

import java.time.Clock;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;

import dev.sessions.contract.redis.RedisKeys;
import dev.sessions.registry.config.RegistryConfig;
import dev.sessions.registry.redis.SessionFields;
import dev.sessions.registry.revocation.Denylist;
import dev.sessions.registry.security.AccessToken;
import dev.sessions.registry.security.AccessTokenVerifier;
import dev.sessions.registry.security.DecisionUnavailableException;
import dev.sessions.registry.security.InvalidTokenException;
import dev.sessions.registry.session.ActivityRecorder;

/**
 * The one decision every bearer request goes through: a valid signature and a live session. In the common case
 * (token seen before, near-cache live) it completes without I/O.
 * <p>
 * A genuine signature does not prove that the session exists: the first time this instance sees a session, Redis
 * must hold it. The answer is kept until the token that asked expires, since a session ends only through the
 * denylist (revocation or expiry), which is asked on every request; an absent session is never remembered, so a
 * sign-in right after is not refused.
 */
@ApplicationScoped
public class AccessCheck {

    private final AccessTokenVerifier verifier;
    private final Denylist denylist;
    private final ActivityRecorder activity;
    private final ReactiveRedisDataSource redis;
    // session id -> until when its existence was confirmed (epoch s): the asking token's exp plus the skew (a genuine
    // token's sid belongs to its sub, and the check read the key of both)
    private final Cache<String, Long> confirmed;
    private final long skew;
    private final RedisKeys keys;

    AccessCheck(
            AccessTokenVerifier verifier,
            Denylist denylist,
            ActivityRecorder activity,
            ReactiveRedisDataSource redis,
            RedisKeys keys,
            RegistryConfig config,
            Clock clock) {
        this.keys = keys;
        this.verifier = verifier;
        this.denylist = denylist;
        this.activity = activity;
        this.redis = redis;
        this.skew = config.token().clockSkew().toSeconds();
        this.confirmed = Caffeine.newBuilder()
                .maximumSize(config.token().cacheSize())
                .expireAfter(new Until(clock))
                .build();
    }

    /** The token's claims when it may pass; fails with InvalidTokenException or DecisionUnavailableException. */
    public Uni<AccessToken> admit(String token) {
        return verifier.verify(token).chain(this::live);
    }

    private Uni<AccessToken> live(AccessToken token) {
        return denylist.isRevoked(token.sessionId())
                .chain(revoked -> revoked ? ended(token) : exists(token))
                .invoke(admitted -> activity.seen(admitted.userId(), admitted.sessionId()));
    }

    private Uni<AccessToken> ended(AccessToken token) {
        return denylist.reason(token.sessionId()).map(reason -> {
            throw new InvalidTokenException("the session has ended", reason);
        });
    }

    private Uni<AccessToken> exists(AccessToken token) {
        if (confirmed.getIfPresent(token.sessionId()) != null) {
            return Uni.createFrom().item(token);
        }
        return redis.execute(Command.HGET, keys.session(token.sessionId()), SessionFields.USER)
                .onFailure()
                .transform(f -> new DecisionUnavailableException("the session store is unreachable", f))
                .map(reply -> {
                    // the session hash holds its user: a live session of the token's user, not of anyone else
                    if (reply == null || !token.userId().equals(reply.toString())) {
                        throw new InvalidTokenException("the token names no live session");
                    }
                    confirmed.put(token.sessionId(), token.expiresAt() + skew);
                    return token;
                });
    }

    /** Keeps a confirmation until the epoch second it holds. */
    private record Until(Clock clock) implements Expiry<String, Long> {

        @Override
        public long expireAfterCreate(String key, Long until, long currentTime) {
            return TimeUnit.SECONDS.toNanos(Math.max(0, until - clock.millis() / 1000));
        }

        @Override
        public long expireAfterUpdate(String key, Long until, long currentTime, long currentDuration) {
            return expireAfterCreate(key, until, currentTime);
        }

        @Override
        public long expireAfterRead(String key, Long until, long currentTime, long currentDuration) {
            return currentDuration;
        }
    }
}
