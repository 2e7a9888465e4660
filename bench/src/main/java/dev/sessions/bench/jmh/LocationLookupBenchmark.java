package dev.sessions.bench.jmh;

import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import dev.sessions.registry.geo.Location;
import dev.sessions.registry.geo.LocationResolver;

/**
 * The registry's address to location lookup ({@link LocationResolver}) in the database bench/run uses (the DB-IP
 * Lite City files ./stack installs, passed as -Dbench.geoip), over 256 public IPv4 addresses.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class LocationLookupBenchmark {

    private final String[] addresses = new String[256];
    private LocationResolver resolver;
    private int next;

    @Setup
    public void setUp() throws Exception {
        String files = System.getProperty("bench.geoip", "");
        if (files.isBlank()) {
            throw new IllegalStateException("no location database: pass -Dbench.geoip=<file.mmdb,...>");
        }
        resolver = RegistryParts.inject(
                LocationResolver.class, RegistryParts.config(Map.of("registry.geoip.database", files)));
        Random random = new Random(42);
        addresses[0] = "81.2.69.142";
        addresses[1] = "89.160.20.112";
        addresses[2] = "8.8.8.8";
        for (int i = 3; i < addresses.length; i++) {
            addresses[i] = (1 + random.nextInt(222)) + "." + random.nextInt(256) + "." + random.nextInt(256) + "."
                    + (1 + random.nextInt(254));
        }
        if (resolver.locate("81.2.69.142").isEmpty()) {
            throw new IllegalStateException("the location database does not know 81.2.69.142");
        }
    }

    @Benchmark
    public Optional<Location> lookup() {
        return resolver.locate(addresses[next++ & 255]);
    }
}
