package dev.sessions.registry.session;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import dev.sessions.contract.session.SessionFlag;
import dev.sessions.registry.device.Device;
import dev.sessions.registry.geo.Place;

/**
 * The contract's rules for {@code Session.flags}, decided once at sign-in from the user's own recent history:
 * NEW_DEVICE (no sign-in in the previous 90 days had the same device type, OS and browser family), NEW_COUNTRY (none
 * came from this country; never for an unknown location) and IMPOSSIBLE_TRAVEL (faster than 1,000 km/h from the most
 * recent earlier sign-in with a known location). The first sign-in of an account carries none.
 */
public final class SignInFlags {

    /** How far back "recent" reaches; a sign-in exactly this long ago still counts. */
    public static final Duration WINDOW = Duration.ofDays(90);
    /** Mean Earth radius (IUGG), in metres. */
    static final double EARTH_RADIUS_METRES = 6_371_008.8;
    /** 1,000 km/h, as metres per hour; the speed must exceed it. */
    static final long MAX_METRES_PER_HOUR = 1_000_000;

    private static final long MILLIS_PER_HOUR = 3_600_000;

    private SignInFlags() {}

    /** The flags of a sign-in at {@code now} from {@code device} and {@code place} (null: unknown location). */
    public static List<SessionFlag> decide(SignInHistory history, Device device, Place place, Instant now) {
        if (history.isFirst()) {
            return List.of();
        }
        long since = now.toEpochMilli() - WINDOW.toMillis();
        Set<SessionFlag> flags = EnumSet.noneOf(SessionFlag.class);
        if (!seenSince(history.devices().get(SignInHistory.deviceFamily(device)), since)) {
            flags.add(SessionFlag.NEW_DEVICE);
        }
        if (place != null && !seenSince(history.countries().get(place.location().countryCode()), since)) {
            flags.add(SessionFlag.NEW_COUNTRY);
        }
        if (place != null && place.hasCoordinates() && history.lastPlace() != null) {
            SignInHistory.Sighting previous = history.lastPlace();
            long metres = Math.round(
                    distanceMetres(previous.latitude(), previous.longitude(), place.latitude(), place.longitude()));
            if (faster(metres, now.toEpochMilli() - previous.at())) {
                flags.add(SessionFlag.IMPOSSIBLE_TRAVEL);
            }
        }
        return List.copyOf(flags);
    }

    /** The names as the session hash and the outbox hold them: comma-separated, empty for none. */
    public static String join(List<SessionFlag> flags) {
        return flags.stream().map(Enum::name).collect(Collectors.joining(","));
    }

    /** The flags a stored value names, in the enum's order; names this version does not know are left out. */
    public static List<SessionFlag> parse(String stored) {
        if (stored == null || stored.isEmpty()) {
            return List.of();
        }
        List<SessionFlag> flags = new ArrayList<>();
        Set<String> names = Set.of(stored.split(","));
        for (SessionFlag flag : SessionFlag.values()) {
            if (names.contains(flag.name())) {
                flags.add(flag);
            }
        }
        return List.copyOf(flags);
    }

    /** Great-circle distance (haversine) in metres. */
    static double distanceMetres(double lat1, double lon1, double lat2, double lon2) {
        double phi1 = Math.toRadians(lat1);
        double phi2 = Math.toRadians(lat2);
        double dPhi = Math.toRadians(lat2 - lat1);
        double dLambda = Math.toRadians(lon2 - lon1);
        double h =
                Math.pow(Math.sin(dPhi / 2), 2) + Math.cos(phi1) * Math.cos(phi2) * Math.pow(Math.sin(dLambda / 2), 2);
        return 2 * EARTH_RADIUS_METRES * Math.asin(Math.min(1, Math.sqrt(h)));
    }

    /**
     * Whether {@code metres} in {@code elapsedMillis} exceeds 1,000 km/h, in whole numbers so that exactly 1,000 km/h
     * is exactly that; no time (or a clock that went back) with any distance is faster than anything.
     */
    static boolean faster(long metres, long elapsedMillis) {
        if (metres == 0) {
            return false;
        }
        return elapsedMillis <= 0 || metres * MILLIS_PER_HOUR > MAX_METRES_PER_HOUR * elapsedMillis;
    }

    private static boolean seenSince(Long lastSeen, long since) {
        return lastSeen != null && lastSeen >= since;
    }
}
