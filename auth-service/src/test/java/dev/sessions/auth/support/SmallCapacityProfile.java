package dev.sessions.auth.support;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * One hashing thread and room for two hashes waiting, so a test can fill the queue, and a cap on sessions per user that
 * a test can reach. One profile for both, so that Quarkus starts once for them: the tests under it sign in one at a time.
 */
public class SmallCapacityProfile implements QuarkusTestProfile {

    /** Live sessions per user. */
    public static final int SESSION_CAP = 8;

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "auth.password.hashing-threads", "1",
                "auth.password-hashing.max-queue", "2",
                "auth.session.max-per-user", Integer.toString(SESSION_CAP));
    }
}
