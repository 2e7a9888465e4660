package dev.sessions.auth.support;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/** One hashing thread and room for two hashes waiting, so a test can fill the queue. */
public class HashingQueueProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("auth.password.hashing-threads", "1", "auth.password-hashing.max-queue", "2");
    }
}
