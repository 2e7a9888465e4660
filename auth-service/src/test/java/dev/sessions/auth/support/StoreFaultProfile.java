package dev.sessions.auth.support;

import java.util.List;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * PostgreSQL and Redis reached through links the test can freeze (a stopped server), a small pool so that a leaked
 * connection shows at once, short store timeouts, small sign-in limits (3 per account, 5 per address), and
 * registration switched off (one profile for the store tests, so that Quarkus starts once for them; their users are
 * written to the user store directly).
 */
public class StoreFaultProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "auth.user-store.timeout", "3s",
                "quarkus.datasource.reactive.max-size", "4",
                "quarkus.redis.timeout", "2s",
                "auth.login.max-failures-per-account", "3",
                "auth.login.max-failures-per-address", "5",
                "auth.login.failure-window", "10m",
                "auth.registration.enabled", "false");
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(
                new TestResourceEntry(TcpLinkResource.class, Map.of("target", "postgres")),
                new TestResourceEntry(TcpLinkResource.class, Map.of("target", "redis")));
    }
}
