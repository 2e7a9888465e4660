package dev.sessions.registry.session;

import java.util.HashMap;
import java.util.Map;

import dev.sessions.registry.device.Device;

/**
 * A user's recent sign-ins as the flags need them, read from {@code signins:{u:<uid>}} (docs/adr/0013): when each
 * device family and each country was last seen (epoch ms), when the user last signed in at all, and where and when
 * the last sign-in with coordinates was. {@code open_session.lua} keeps it, in the step that opens the session.
 */
public record SignInHistory(
        Long lastSignIn, Map<String, Long> devices, Map<String, Long> countries, Sighting lastPlace) {

    static final String LAST_SIGN_IN = "at";
    static final String DEVICE = "d/";
    static final String COUNTRY = "c/";
    static final String PLACE = "loc";

    /** A user who has never signed in (or not within the hash's lifetime). */
    public static SignInHistory none() {
        return new SignInHistory(null, Map.of(), Map.of(), null);
    }

    /** Whether this is the account's first sign-in: nothing is known of any earlier one. */
    public boolean isFirst() {
        return lastSignIn == null;
    }

    /** The hash's fields; malformed values are skipped, so a bad field costs a flag at most, never a sign-in. */
    public static SignInHistory of(Map<String, String> fields) {
        if (fields.isEmpty()) {
            return none();
        }
        Map<String, Long> devices = new HashMap<>();
        Map<String, Long> countries = new HashMap<>();
        fields.forEach((name, value) -> {
            Long at = number(value);
            if (at == null) {
                return;
            }
            if (name.startsWith(DEVICE)) {
                devices.put(name.substring(DEVICE.length()), at);
            } else if (name.startsWith(COUNTRY)) {
                countries.put(name.substring(COUNTRY.length()), at);
            }
        });
        return new SignInHistory(
                number(fields.get(LAST_SIGN_IN)), devices, countries, Sighting.parse(fields.get(PLACE)));
    }

    /** The family a device counts as for NEW_DEVICE: type, OS and browser family. */
    public static String deviceFamily(Device device) {
        Device d = device == null ? Device.unknown() : device;
        return d.type() + "|" + d.os() + "|" + d.browser();
    }

    private static Long number(String value) {
        try {
            return value == null ? null : Long.valueOf(value);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Coordinates (degrees) seen at a time (epoch ms); stored as {@code lat,lon,at}. */
    public record Sighting(double latitude, double longitude, long at) {

        static Sighting parse(String value) {
            if (value == null) {
                return null;
            }
            String[] parts = value.split(",");
            try {
                return parts.length == 3
                        ? new Sighting(
                                Double.parseDouble(parts[0]), Double.parseDouble(parts[1]), Long.parseLong(parts[2]))
                        : null;
            } catch (NumberFormatException e) {
                return null;
            }
        }
    }
}
