package dev.sessions.bench.jmh;

import dev.sessions.registry.config.RegistryConfig;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.time.Duration;
import java.util.Map;

/**
 * Builds the registry's own classes outside Quarkus for the micro-benchmarks: the real {@link RegistryConfig}
 * mapping (so every default is the one the service runs with) and the package-private constructors the service's
 * CDI container would call.
 */
final class RegistryParts {

    private RegistryParts() {
    }

    static RegistryConfig config(Map<String, String> properties) {
        return new SmallRyeConfigBuilder()
                .addDefaultInterceptors()
                // Quarkus' own duration syntax ("60s", "15m"), which the defaults use
                .withConverter(Duration.class, 200, new DurationConverter())
                .withMapping(RegistryConfig.class)
                .withSources(new PropertiesConfigSource(properties, "bench", 500))
                .build()
                .getConfigMapping(RegistryConfig.class);
    }

    static <T> T construct(Class<T> type, Object... args) throws ReflectiveOperationException {
        for (Constructor<?> constructor : type.getDeclaredConstructors()) {
            if (constructor.getParameterCount() == args.length) {
                constructor.setAccessible(true);
                return type.cast(constructor.newInstance(args));
            }
        }
        throw new NoSuchMethodException(type.getName() + " has no constructor with " + args.length + " parameters");
    }

    static Object field(Object target, String name) throws ReflectiveOperationException {
        Field field = target.getClass().getDeclaredField(name);
        field.setAccessible(true);
        return field.get(target);
    }

    static void setField(Object target, String name, Object value) throws ReflectiveOperationException {
        Field field = target.getClass().getDeclaredField(name);
        field.setAccessible(true);
        field.set(target, value);
    }
}
