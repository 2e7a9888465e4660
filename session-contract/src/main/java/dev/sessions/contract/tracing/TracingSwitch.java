package dev.sessions.contract.tracing;

import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Set;

import jakarta.annotation.Priority;

import io.smallrye.config.ConfigSourceInterceptor;
import io.smallrye.config.ConfigSourceInterceptorContext;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.Priorities;

/**
 * Tracing is off unless an OTLP endpoint is configured (contract, "Operations"): the OpenTelemetry SDK of both services
 * is disabled (no exporter, no batch thread, no connection attempt, no-op spans) unless {@code
 * quarkus.otel.exporter.otlp.endpoint} or {@code quarkus.otel.exporter.otlp.traces.endpoint} is given a value, e.g.
 * {@code QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT=http://collector:4317}. An explicit {@code quarkus.otel.sdk.disabled}
 * wins. Quarkus has no such rule of its own: its endpoint has a default (localhost:4317) and its SDK is on by default.
 * Registered in {@code META-INF/services/io.smallrye.config.ConfigSourceInterceptor}.
 */
@Priority(Priorities.APPLICATION)
public class TracingSwitch implements ConfigSourceInterceptor {

    public static final String SDK_DISABLED = "quarkus.otel.sdk.disabled";
    public static final String ENDPOINT = "quarkus.otel.exporter.otlp.endpoint";
    public static final String TRACES_ENDPOINT = "quarkus.otel.exporter.otlp.traces.endpoint";

    /** Where SmallRye Config keeps the defaults of config mappings: a default endpoint is not a configured one. */
    private static final String DEFAULTS_SOURCE = "DefaultValuesConfigSource";

    @Override
    public ConfigValue getValue(ConfigSourceInterceptorContext context, String name) {
        ConfigValue value = context.proceed(name);
        if (!SDK_DISABLED.equals(name) || configured(value)) {
            return value;
        }
        boolean endpoint = configured(context.proceed(ENDPOINT)) || configured(context.proceed(TRACES_ENDPOINT));
        return ConfigValue.builder()
                .withName(SDK_DISABLED)
                .withValue(Boolean.toString(!endpoint))
                .withConfigSourceName(TracingSwitch.class.getSimpleName())
                .build();
    }

    /**
     * Also listed among the names: Quarkus hands the OpenTelemetry SDK every {@code quarkus.otel.*} property it finds by
     * name, and the SDK reads its own switch ({@code otel.sdk.disabled}) from there.
     */
    @Override
    public Iterator<String> iterateNames(ConfigSourceInterceptorContext context) {
        Set<String> names = new LinkedHashSet<>();
        context.iterateNames().forEachRemaining(names::add);
        names.add(SDK_DISABLED);
        return names.iterator();
    }

    private static boolean configured(ConfigValue value) {
        return value != null
                && value.getValue() != null
                && !value.getValue().isBlank()
                && !DEFAULTS_SOURCE.equals(value.getConfigSourceName());
    }
}
