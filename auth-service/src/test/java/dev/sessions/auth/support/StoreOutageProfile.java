package dev.sessions.auth.support;

import java.util.List;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/** PostgreSQL (reactive datasource) and Redis reached through links the test can cut; registration switched off. */
public class StoreOutageProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("auth.registration.enabled", "false");
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(TcpLinkResource.class, Map.of("target", "postgres")),
                new TestResourceEntry(TcpLinkResource.class, Map.of("target", "redis")));
    }
}
