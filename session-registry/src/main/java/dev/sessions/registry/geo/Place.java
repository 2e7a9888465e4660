package dev.sessions.registry.geo;

/**
 * Where an address is, as the location data says: the location a person reads and, when the record carries them,
 * its coordinates (degrees; both layouts read have {@code latitude} and {@code longitude}), which the sign-in flags
 * measure travel with. Coordinates never leave the registry.
 */
public record Place(Location location, Double latitude, Double longitude) {

    /** Whether both coordinates are known. */
    public boolean hasCoordinates() {
        return latitude != null && longitude != null;
    }
}
