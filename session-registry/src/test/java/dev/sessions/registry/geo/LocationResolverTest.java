package dev.sessions.registry.geo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.sessions.registry.config.RegistryConfig;
import dev.sessions.registry.support.GeoFixtures;
import dev.sessions.registry.support.MmdbWriter;

import static org.assertj.core.api.Assertions.assertThat;

/** Location lookups in both layouts, several files, and the addresses that have no place on a map. */
class LocationResolverTest {

    @TempDir
    static Path directory;

    private static LocationResolver geoip2;
    private static LocationResolver dbip;
    private static LocationResolver both;

    @BeforeAll
    static void writeFixtures() {
        GeoFixtures.writeAll(directory);
        geoip2 = resolver(GeoFixtures.geoip2City(directory).toString());
        dbip = resolver(GeoFixtures.dbipV4(directory) + "," + GeoFixtures.dbipV6(directory));
        both = resolver(GeoFixtures.geoip2City(directory) + ", " + GeoFixtures.dbipV4(directory) + ","
                + GeoFixtures.dbipV6(directory));
    }

    @ParameterizedTest(name = "{0} -> {1}, {2}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            81.2.69.142   | London    | United Kingdom | GB
            81.2.69.143   | London    | United Kingdom | GB
            89.160.20.113 | Linköping | Sweden         | SE
            2001:218::1   | -         | Japan          | JP
            """)
    void readsTheGeoIp2CityLayout(String ip, String city, String country, String code) {
        assertThat(geoip2.locate(ip)).contains(new Location(city, country, code));
    }

    @ParameterizedTest(name = "{0} -> {1}, {2}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            8.8.8.8        | Mountain View | United States  | US
            81.2.69.142    | London        | United Kingdom | GB
            1.1.1.1        | -             | Australia      | AU
            2a00:1450::200e | Dublin       | Ireland        | IE
            """)
    void readsTheDbIpLayoutFromTheIpv4AndIpv6Files(String ip, String city, String country, String code) {
        assertThat(dbip.locate(ip)).contains(new Location(city, country, code));
    }

    @Test
    void severalFilesAreAskedInTurn() {
        assertThat(both.locate("89.160.20.112")).map(Location::countryCode).contains("SE");
        assertThat(both.locate("8.8.8.8")).map(Location::city).contains("Mountain View");
        assertThat(both.locate("2a00:1450::1")).map(Location::country).contains("Ireland");
    }

    @ParameterizedTest
    @CsvSource({
        "10.1.2.3",
        "192.168.1.1",
        "127.0.0.1",
        "172.16.5.4",
        "100.64.0.1",
        "169.254.1.1",
        "0.0.0.0",
        "192.0.2.1",
        "198.51.100.7",
        "203.0.113.9",
        "224.0.0.1",
        "255.255.255.255",
        "::1",
        "fe80::1",
        "fd00::1",
        "2001:db8::1",
        "::ffff:10.0.0.1"
    })
    void privateAndReservedAddressesHaveNoLocation(String ip) {
        assertThat(both.locate(ip)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"9.9.9.9", "not-an-ip", "example.com", "999.1.1.1", "''"})
    void unknownOrMalformedAddressesHaveNoLocation(String ip) {
        assertThat(both.locate(ip)).isEmpty();
    }

    @Test
    void noDatabaseMeansNoLocationAndNoAttribution() {
        LocationResolver none = resolver(null);
        assertThat(none.locate("81.2.69.142")).isEmpty();
        assertThat(none.attribution()).isEmpty();
    }

    @Test
    void attributionFollowsTheDataLicence() throws IOException {
        assertThat(dbip.attribution()).contains(new Attribution("IP Geolocation by DB-IP", "https://db-ip.com"));
        assertThat(geoip2.attribution()).isEmpty();
        Path geolite = directory.resolve("GeoLite2-City.mmdb");
        new MmdbWriter(6, "GeoLite2-City")
                .insert("81.2.69.0/24", Map.of("country", Map.of("iso_code", "GB")))
                .write(geolite);
        LocationResolver lite = resolver(geolite.toString());
        assertThat(lite.attribution()).map(Attribution::url).contains("https://www.maxmind.com");
        assertThat(lite.locate("81.2.69.1")).contains(new Location(null, "United Kingdom", "GB"));
        LocationResolver overridden = resolver(
                geolite.toString(),
                Map.of(
                        "registry.geoip.attribution-text",
                        "Data by us",
                        "registry.geoip.attribution-url",
                        "https://example.test"));
        assertThat(overridden.attribution()).contains(new Attribution("Data by us", "https://example.test"));
    }

    @Test
    void aReplacedFileIsReadAgainWithoutARestart() throws IOException {
        Path file = directory.resolve("replaced/dbip-city-ipv4.mmdb");
        replace(file, "GB", "London");
        LocationResolver resolver = resolver(file.toString());
        assertThat(resolver.locate("81.2.69.142")).contains(new Location("London", "United Kingdom", "GB"));

        resolver.reload();
        assertThat(resolver.locate("81.2.69.142"))
                .as("an unchanged file is kept")
                .contains(new Location("London", "United Kingdom", "GB"));

        replace(file, "SE", "Linköping");
        resolver.reload();

        assertThat(resolver.locate("81.2.69.142")).contains(new Location("Linköping", "Sweden", "SE"));
        assertThat(resolver.attribution()).map(Attribution::url).contains("https://db-ip.com");
    }

    @Test
    void aFileThatAppearsAfterTheStartIsReadThen() throws IOException {
        Path file = directory.resolve("later/GeoLite2-City.mmdb");
        LocationResolver resolver = resolver(file.toString());
        assertThat(resolver.locate("81.2.69.142")).isEmpty();
        assertThat(resolver.attribution()).isEmpty();

        Files.createDirectories(file.getParent());
        new MmdbWriter(6, "GeoLite2-City")
                .insert("81.2.69.0/24", Map.of("country", Map.of("iso_code", "GB")))
                .write(file);
        resolver.reload();

        assertThat(resolver.locate("81.2.69.142")).contains(new Location(null, "United Kingdom", "GB"));
        assertThat(resolver.attribution()).map(Attribution::url).contains("https://www.maxmind.com");
    }

    @Test
    void aReplacementThatCannotBeReadKeepsTheDataReadBefore() throws IOException {
        Path file = directory.resolve("broken/dbip-city-ipv4.mmdb");
        replace(file, "GB", "London");
        LocationResolver resolver = resolver(file.toString());

        Path garbage = file.resolveSibling("garbage.tmp");
        Files.writeString(garbage, "not a MaxMind database");
        Files.move(garbage, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        resolver.reload();
        assertThat(resolver.locate("81.2.69.142")).contains(new Location("London", "United Kingdom", "GB"));

        replace(file, "SE", "Linköping");
        resolver.reload();
        assertThat(resolver.locate("81.2.69.142")).contains(new Location("Linköping", "Sweden", "SE"));
    }

    /** Writes a new file beside {@code file} and renames it over it, as geoipupdate does. */
    private static void replace(Path file, String countryCode, String city) throws IOException {
        Files.createDirectories(file.getParent());
        Path next = file.resolveSibling(file.getFileName() + ".new");
        new MmdbWriter(4, "city ipv4")
                .insert("81.2.69.0/24", Map.of("country_code", countryCode, "city", city))
                .write(next);
        Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static LocationResolver resolver(String files) {
        return resolver(files, Map.of());
    }

    private static LocationResolver resolver(String files, Map<String, String> extra) {
        SmallRyeConfigBuilder builder = new SmallRyeConfigBuilder()
                .withMapping(RegistryConfig.class)
                .addDefaultInterceptors()
                .withConverter(Duration.class, 200, new DurationConverter())
                .withDefaultValues(extra);
        Optional.ofNullable(files).ifPresent(f -> builder.withDefaultValue("registry.geoip.database", f));
        SmallRyeConfig config = builder.build();
        return new LocationResolver(config.getConfigMapping(RegistryConfig.class));
    }
}
