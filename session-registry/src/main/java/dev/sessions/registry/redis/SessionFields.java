package dev.sessions.registry.redis;

import java.util.List;
import java.util.Map;

import dev.sessions.contract.history.OutboxEntry;
import dev.sessions.registry.device.Device;
import dev.sessions.registry.geo.Location;

/**
 * Device and location as short plain fields, the way session hashes and outbox events hold them (see
 * docs/internal-api.md). Plain short values keep a session hash a listpack (Redis's compact encoding, about a third
 * of the memory of a hashtable) and need no JSON parsing when sessions are listed.
 */
public final class SessionFields {

    private static final String DEVICE_TYPE = OutboxEntry.DEVICE_FIELDS.get(0);
    private static final String OS = OutboxEntry.DEVICE_FIELDS.get(1);
    private static final String OS_VERSION = OutboxEntry.DEVICE_FIELDS.get(2);
    private static final String BROWSER = OutboxEntry.DEVICE_FIELDS.get(3);
    private static final String BROWSER_VERSION = OutboxEntry.DEVICE_FIELDS.get(4);
    private static final String CITY = OutboxEntry.LOCATION_FIELDS.get(0);
    private static final String COUNTRY = OutboxEntry.LOCATION_FIELDS.get(1);
    private static final String COUNTRY_CODE = OutboxEntry.LOCATION_FIELDS.get(2);

    /** The field of a session hash that holds its user (its key does not). */
    public static final String USER = "u";

    private SessionFields() {}

    /** The device's five values in the order of {@code dt os osv br brv}, absent ones as empty strings. */
    public static List<String> values(Device device) {
        Device d = device == null ? Device.unknown() : device;
        return List.of(
                orEmpty(d.type()),
                orEmpty(d.os()),
                orEmpty(d.osVersion()),
                orEmpty(d.browser()),
                orEmpty(d.browserVersion()));
    }

    /** The location's three values in the order of {@code city cn cc}, all empty when it is unknown. */
    public static List<String> values(Location location) {
        return location == null
                ? List.of("", "", "")
                : List.of(orEmpty(location.city()), orEmpty(location.country()), orEmpty(location.countryCode()));
    }

    /**
     * The fields a listed session is read with, in this order: user, the four times, remember-me, address, the device's
     * five, the location's three, second factor, flags.
     */
    public static final List<String> LISTED = List.of(
            USER,
            "c",
            "l",
            "e",
            "m",
            "r",
            "ip",
            DEVICE_TYPE,
            OS,
            OS_VERSION,
            BROWSER,
            BROWSER_VERSION,
            CITY,
            COUNTRY,
            COUNTRY_CODE,
            "mfa",
            "fl");

    /** The device held in {@code fields}, or null when they hold none. */
    public static Device device(Map<String, String> fields) {
        return device(
                fields.get(DEVICE_TYPE),
                fields.get(OS),
                fields.get(OS_VERSION),
                fields.get(BROWSER),
                fields.get(BROWSER_VERSION));
    }

    /** The device of these field values ({@code dt os osv br brv}), or null when they hold none. */
    public static Device device(String type, String os, String osVersion, String browser, String browserVersion) {
        if (blankToNull(type) == null) {
            return null;
        }
        return new Device(type, orUnknown(os), blankToNull(osVersion), orUnknown(browser), blankToNull(browserVersion));
    }

    /** The location held in {@code fields}, or null when they hold none. */
    public static Location location(Map<String, String> fields) {
        return location(fields.get(CITY), fields.get(COUNTRY), fields.get(COUNTRY_CODE));
    }

    /** The location of these field values ({@code city cn cc}), or null when they hold none. */
    public static Location location(String city, String country, String countryCode) {
        String name = blankToNull(country);
        String code = blankToNull(countryCode);
        if (name == null && code == null) {
            return null;
        }
        return new Location(blankToNull(city), name, code);
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }

    private static String orUnknown(String value) {
        return value == null || value.isEmpty() ? Device.UNKNOWN : value;
    }

    private static String blankToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
