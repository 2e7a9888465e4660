package dev.sessions.auth.support;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/** Small sign-in limits with a short window, and a retired signing key still published (a rotation in progress). */
public class ThrottlingAndRotationProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "auth.login.max-failures-per-account", "3",
                "auth.login.max-failures-per-address", "5",
                "auth.login.failure-window", "10s",
                "auth.signing.previous-public-keys", TestKeys.pem("previous-public.pem"));
    }
}
