package dev.sessions.contract.tracing;

import java.util.Map;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TracingSwitchTest {

    /** A configuration as Quarkus builds it: the extension's defaults, then what the operator set. */
    private static boolean sdkDisabled(Map<String, String> set) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .addDiscoveredInterceptors()
                .withDefaultValue(TracingSwitch.ENDPOINT, "http://localhost:4317/")
                .withDefaultValue(TracingSwitch.TRACES_ENDPOINT, "http://localhost:4317/")
                .withDefaultValue(TracingSwitch.SDK_DISABLED, "false")
                .withSources(new PropertiesConfigSource(set, "operator", 300))
                .build();
        return config.getValue(TracingSwitch.SDK_DISABLED, Boolean.class);
    }

    @Test
    void offWithoutAnEndpoint() {
        assertThat(sdkDisabled(Map.of())).isTrue();
    }

    @Test
    void offWithABlankEndpoint() {
        // compose passes ${QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT:-}: unset reaches the service as an empty value
        assertThat(sdkDisabled(Map.of(TracingSwitch.ENDPOINT, " "))).isTrue();
    }

    @Test
    void onWithAnEndpoint() {
        assertThat(sdkDisabled(Map.of(TracingSwitch.ENDPOINT, "http://collector:4317")))
                .isFalse();
        assertThat(sdkDisabled(Map.of(TracingSwitch.TRACES_ENDPOINT, "http://collector:4318/v1/traces")))
                .isFalse();
    }

    @Test
    void theSwitchIsListedAmongTheNames() {
        // Quarkus passes the SDK the quarkus.otel.* properties it finds by name
        SmallRyeConfig config =
                new SmallRyeConfigBuilder().addDiscoveredInterceptors().build();
        assertThat(config.getPropertyNames()).contains(TracingSwitch.SDK_DISABLED);
        assertThat(config.getConfigValue(TracingSwitch.SDK_DISABLED).getValue()).isEqualTo("true");
    }

    @Test
    void anExplicitSettingWins() {
        assertThat(sdkDisabled(
                        Map.of(TracingSwitch.ENDPOINT, "http://collector:4317", TracingSwitch.SDK_DISABLED, "true")))
                .isTrue();
        assertThat(sdkDisabled(Map.of(TracingSwitch.SDK_DISABLED, "false"))).isFalse();
    }
}
