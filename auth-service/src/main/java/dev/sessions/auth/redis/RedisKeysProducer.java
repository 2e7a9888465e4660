package dev.sessions.auth.redis;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import dev.sessions.auth.config.AuthConfig;
import dev.sessions.contract.redis.RedisKeys;

/** The key builder under the configured prefix ({@code auth.redis.key-prefix}). */
public class RedisKeysProducer {

    @Produces
    @Singleton
    RedisKeys keys(AuthConfig config) {
        return new RedisKeys(config.redisKeyPrefix().orElse(""));
    }
}
