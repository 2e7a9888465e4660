package dev.sessions.auth.support;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/** Session lifetimes of seconds (long enough for a busy shared machine), so idle timeout, max lifetime and the reuse grace can be watched run out. */
public class ShortLifetimesProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "auth.session.idle-timeout", "4s",
                "auth.session.max-lifetime", "10s",
                "auth.refresh.reuse-grace", "2s");
    }
}
