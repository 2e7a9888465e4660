package dev.sessions.registry.redis;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import dev.sessions.contract.redis.RedisKeys;
import dev.sessions.registry.config.RegistryConfig;

/** The key builder under the configured prefix ({@code registry.redis.key-prefix}). */
public class RedisKeysProducer {

    @Produces
    @Singleton
    RedisKeys keys(RegistryConfig config) {
        return new RedisKeys(config.redisKeyPrefix().orElse(""));
    }
}
