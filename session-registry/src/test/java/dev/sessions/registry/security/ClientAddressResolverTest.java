package dev.sessions.registry.security;

import dev.sessions.registry.config.RegistryConfig;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The contract's client-address rule with the default trusted proxies (127.0.0.0/8, ::1) and a wider list. */
class ClientAddressResolverTest {

    @ParameterizedTest(name = "peer {0}, X-Forwarded-For [{1}] -> {2}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            81.2.69.142 | -                          | 81.2.69.142
            81.2.69.142 | 1.2.3.4                    | 81.2.69.142
            127.0.0.1   | -                          | 127.0.0.1
            127.0.0.1   | 81.2.69.142                | 81.2.69.142
            127.0.0.1   | 6.6.6.6, 81.2.69.142       | 81.2.69.142
            127.0.0.1   | 81.2.69.142, 127.0.0.5     | 81.2.69.142
            ::1         | 8.8.8.8                    | 8.8.8.8
            127.0.0.1   | not-an-address             | 127.0.0.1
            127.0.0.1   | 81.2.69.142, garbage, 127.0.0.2 | 127.0.0.2
            -           | 81.2.69.142                | -
            """)
    void defaultTrustsOnlyLoopback(String peer, String forwardedFor, String expected) {
        assertThat(resolver("127.0.0.0/8,::1").resolve(peer, forwardedFor)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "peer {0}, X-Forwarded-For [{1}] -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
            10.0.0.7 | 81.2.69.142, 10.0.0.3  | 81.2.69.142
            10.0.0.7 | 10.0.0.9, 10.0.0.3     | 10.0.0.9
            8.8.8.8  | 81.2.69.142            | 8.8.8.8
            """)
    void privateNetworkProxiesCanBeTrusted(String peer, String forwardedFor, String expected) {
        assertThat(resolver("10.0.0.0/8").resolve(peer, forwardedFor)).isEqualTo(expected);
    }

    private static ClientAddressResolver resolver(String trusted) {
        RegistryConfig config = new SmallRyeConfigBuilder().withMapping(RegistryConfig.class).addDefaultInterceptors()
                .withConverter(Duration.class, 200, new DurationConverter())
                .withDefaultValue("registry.trusted-proxies", trusted)
                .build().getConfigMapping(RegistryConfig.class);
        return new ClientAddressResolver(config);
    }
}
