package dev.sessions.bench.jmh;

import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.time.Duration;
import java.util.Map;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;

import dev.sessions.registry.config.RegistryConfig;

/**
 * Builds the registry's own classes outside Quarkus for the micro-benchmarks: the real {@link RegistryConfig}
 * mapping (so every default is the one the service runs with) and the package-private constructors the service's
 * CDI container would call.
 */
final class RegistryParts {

    private RegistryParts() {}

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

    /**
     * Calls the type's injection constructor, handing each parameter the first given object of a matching type;
     * parameters nothing matches get null (or 0), for collaborators the benchmarked path never touches. Robust
     * against the service adding a constructor parameter.
     */
    static <T> T inject(Class<T> type, Object... candidates) throws ReflectiveOperationException {
        Constructor<?> chosen = null;
        for (Constructor<?> constructor : type.getDeclaredConstructors()) {
            if (chosen == null || constructor.getParameterCount() > chosen.getParameterCount()) {
                chosen = constructor;
            }
        }
        if (chosen == null) {
            throw new NoSuchMethodException(type.getName() + " has no constructor");
        }
        Class<?>[] parameters = chosen.getParameterTypes();
        Object[] args = new Object[parameters.length];
        for (int i = 0; i < parameters.length; i++) {
            Class<?> parameter = parameters[i];
            if (parameter == int.class || parameter == long.class) {
                args[i] = parameter == int.class ? (Object) 0 : (Object) 0L;
                continue;
            }
            for (Object candidate : candidates) {
                if (candidate != null && parameter.isInstance(candidate)) {
                    args[i] = candidate;
                    break;
                }
            }
        }
        chosen.setAccessible(true);
        return type.cast(chosen.newInstance(args));
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
