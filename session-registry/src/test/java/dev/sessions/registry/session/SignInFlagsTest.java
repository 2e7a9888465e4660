package dev.sessions.registry.session;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.sessions.contract.session.SessionFlag;
import dev.sessions.registry.device.Device;
import dev.sessions.registry.geo.Location;
import dev.sessions.registry.geo.Place;

import static org.assertj.core.api.Assertions.assertThat;

/** The contract's flag rules at their edges, on a fixed clock. */
class SignInFlagsTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-06T10:00:00Z"), ZoneOffset.UTC);
    private static final Device LAPTOP = new Device("Computer", "Windows", "10", "Chrome", "120.0.0");
    private static final Device PHONE = new Device("Smartphone", "iOS", "17", "Safari", "17.0");
    private static final Place LONDON = new Place(new Location("London", "United Kingdom", "GB"), 51.5074, -0.1278);
    private static final Place PARIS = new Place(new Location("Paris", "France", "FR"), 48.8566, 2.3522);
    private static final Place NO_COORDINATES = new Place(new Location(null, "France", "FR"), null, null);

    @Test
    void theFirstSignInCarriesNoFlag() {
        assertThat(SignInFlags.decide(SignInHistory.none(), PHONE, PARIS, CLOCK.instant()))
                .isEmpty();
    }

    @Test
    void aKnownDeviceFromAKnownCountryCarriesNone() {
        SignInHistory history = history(Duration.ofDays(1), LAPTOP, "GB", LONDON);
        assertThat(SignInFlags.decide(history, LAPTOP, LONDON, CLOCK.instant())).isEmpty();
    }

    @Test
    void anotherDeviceFamilyIsNewButAnotherVersionOfTheSameIsNot() {
        SignInHistory history = history(Duration.ofDays(1), LAPTOP, "GB", LONDON);
        assertThat(SignInFlags.decide(history, PHONE, LONDON, CLOCK.instant())).containsExactly(SessionFlag.NEW_DEVICE);
        Device upgraded = new Device("Computer", "Windows", "11", "Chrome", "131.0.0");
        assertThat(SignInFlags.decide(history, upgraded, LONDON, CLOCK.instant()))
                .isEmpty();
    }

    @Test
    void anUnknownLocationIsNeverANewCountryNorTravel() {
        SignInHistory history = history(Duration.ofMinutes(1), LAPTOP, "GB", LONDON);
        assertThat(SignInFlags.decide(history, LAPTOP, null, CLOCK.instant())).isEmpty();
    }

    @Test
    void aCountryNotSeenInTheWindowIsNew() {
        SignInHistory history = history(Duration.ofDays(10), LAPTOP, "GB", LONDON);
        assertThat(SignInFlags.decide(history, LAPTOP, NO_COORDINATES, CLOCK.instant()))
                .containsExactly(SessionFlag.NEW_COUNTRY);
    }

    @Test
    void theNinetyDayBoundaryCountsAsRecentAndOneMillisecondMoreDoesNot() {
        SignInHistory exactly = history(Duration.ofDays(90), LAPTOP, "FR", null);
        assertThat(SignInFlags.decide(exactly, LAPTOP, NO_COORDINATES, CLOCK.instant()))
                .isEmpty();

        SignInHistory older = history(Duration.ofDays(90).plusMillis(1), LAPTOP, "FR", null);
        assertThat(SignInFlags.decide(older, LAPTOP, NO_COORDINATES, CLOCK.instant()))
                .containsExactly(SessionFlag.NEW_DEVICE, SessionFlag.NEW_COUNTRY);
    }

    @Test
    void travelFasterThanAThousandKilometresAnHourIsImpossible() {
        // London to Paris is about 344 km: under 21 minutes is faster than 1,000 km/h
        SignInHistory history = history(Duration.ofMinutes(25), LAPTOP, "FR", LONDON);
        assertThat(SignInFlags.decide(history, LAPTOP, PARIS, CLOCK.instant())).isEmpty();
        SignInHistory soon = history(Duration.ofMinutes(15), LAPTOP, "FR", LONDON);
        assertThat(SignInFlags.decide(soon, LAPTOP, PARIS, CLOCK.instant()))
                .containsExactly(SessionFlag.IMPOSSIBLE_TRAVEL);
    }

    @Test
    void exactlyAThousandKilometresAnHourIsNotImpossible() {
        // 1,000 km along the equator, in metres rounded as the rule measures them
        double degrees = Math.toDegrees(1_000_000 / SignInFlags.EARTH_RADIUS_METRES);
        assertThat(Math.round(SignInFlags.distanceMetres(0, 0, 0, degrees))).isEqualTo(1_000_000);
        Place east = new Place(new Location(null, "Gabon", "GA"), 0.0, degrees);
        SignInHistory.Sighting origin = new SignInHistory.Sighting(0, 0, at(Duration.ofHours(1)));
        SignInHistory anHourAgo = withPlace(history(Duration.ofDays(1), LAPTOP, "GA", null), origin);
        assertThat(SignInFlags.decide(anHourAgo, LAPTOP, east, CLOCK.instant())).isEmpty();

        SignInHistory.Sighting justLater = new SignInHistory.Sighting(0, 0, at(Duration.ofHours(1)) + 1);
        SignInHistory aMillisecondLess = withPlace(history(Duration.ofDays(1), LAPTOP, "GA", null), justLater);
        assertThat(SignInFlags.decide(aMillisecondLess, LAPTOP, east, CLOCK.instant()))
                .containsExactly(SessionFlag.IMPOSSIBLE_TRAVEL);
    }

    @Test
    void travelIsMeasuredOnlyBetweenKnownCoordinatesAndNotWithinOnePlace() {
        SignInHistory sameMillisecond = history(Duration.ZERO, LAPTOP, "GB", LONDON);
        assertThat(SignInFlags.decide(sameMillisecond, LAPTOP, LONDON, CLOCK.instant()))
                .isEmpty();
        SignInHistory noPlace = history(Duration.ofSeconds(1), LAPTOP, "FR", null);
        assertThat(SignInFlags.decide(noPlace, LAPTOP, PARIS, CLOCK.instant())).isEmpty();
        SignInHistory fromLondon = history(Duration.ofSeconds(1), LAPTOP, "FR", LONDON);
        assertThat(SignInFlags.decide(fromLondon, LAPTOP, NO_COORDINATES, CLOCK.instant()))
                .isEmpty();
    }

    @Test
    void storedFlagsReadBackAndUnknownNamesAreIgnored() {
        List<SessionFlag> all = List.of(SessionFlag.NEW_DEVICE, SessionFlag.NEW_COUNTRY, SessionFlag.IMPOSSIBLE_TRAVEL);
        assertThat(SignInFlags.parse(SignInFlags.join(all))).isEqualTo(all);
        assertThat(SignInFlags.parse("")).isEmpty();
        assertThat(SignInFlags.parse("NEW_COUNTRY,FROM_THE_FUTURE")).containsExactly(SessionFlag.NEW_COUNTRY);
    }

    @Test
    void theHashReadsBackAndMalformedValuesCostAFlagNotTheSignIn() {
        Map<String, String> fields = new HashMap<>();
        fields.put("at", "1000");
        fields.put("d/Computer|Windows|Chrome", "900");
        fields.put("d/Smartphone|iOS|Safari", "garbage");
        fields.put("c/GB", "950");
        fields.put("loc", "51.5,-0.1,990");
        SignInHistory history = SignInHistory.of(fields);
        assertThat(history.isFirst()).isFalse();
        assertThat(history.devices()).containsOnlyKeys("Computer|Windows|Chrome");
        assertThat(history.countries()).containsEntry("GB", 950L);
        assertThat(history.lastPlace()).isEqualTo(new SignInHistory.Sighting(51.5, -0.1, 990));
        assertThat(SignInHistory.of(Map.of("at", "1", "loc", "x,y")).lastPlace())
                .isNull();
        assertThat(SignInHistory.of(Map.of()).isFirst()).isTrue();
    }

    /** A history whose last sign-in, from {@code device}, {@code country} and {@code place}, was {@code ago}. */
    private static SignInHistory history(Duration ago, Device device, String country, Place place) {
        long at = at(ago);
        return new SignInHistory(
                at,
                Map.of(SignInHistory.deviceFamily(device), at),
                Map.of(country, at),
                place == null ? null : new SignInHistory.Sighting(place.latitude(), place.longitude(), at));
    }

    private static SignInHistory withPlace(SignInHistory history, SignInHistory.Sighting place) {
        return new SignInHistory(history.lastSignIn(), history.devices(), history.countries(), place);
    }

    private static long at(Duration ago) {
        return CLOCK.instant().minus(ago).toEpochMilli();
    }
}
