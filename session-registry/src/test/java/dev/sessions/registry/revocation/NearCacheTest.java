package dev.sessions.registry.revocation;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The near-cache alone: entries count until they lapse, the later lapse wins, a known reason is kept, and lapsed ones
 * are forgotten.
 */
class NearCacheTest {

    private static final Instant NOW = Instant.parse("2026-12-06T10:00:00Z");

    @Test
    void aRememberedSessionIsRevokedUntilItsEntryLapses() {
        NearCache cache = new NearCache(Clock.fixed(NOW, ZoneOffset.UTC));
        cache.remember("s-1", NOW.toEpochMilli() + 1, null);

        assertThat(cache.isRevoked("s-1")).isTrue();
        assertThat(cache.isRevoked("s-2")).isFalse();
        assertThat(new NearCache(Clock.fixed(NOW.plusMillis(1), ZoneOffset.UTC)).isRevoked("s-1"))
                .isFalse();
    }

    @Test
    void theLaterLapseWinsWhicheverArrivesFirst() {
        NearCache cache = new NearCache(Clock.fixed(NOW, ZoneOffset.UTC));
        cache.remember("s-1", NOW.toEpochMilli() + 60_000, null);
        cache.remember("s-1", NOW.toEpochMilli() - 1, null);

        assertThat(cache.isRevoked("s-1")).isTrue();
    }

    @Test
    void aReasonOnceKnownIsKeptWhateverArrivesLater() {
        NearCache cache = new NearCache(Clock.fixed(NOW, ZoneOffset.UTC));
        cache.remember("s-1", NOW.toEpochMilli() + 60_000, null);
        assertThat(cache.reason("s-1")).isNull();

        cache.remember("s-1", NOW.toEpochMilli() + 60_000, "ADMIN_REVOKED");
        cache.remember("s-1", NOW.toEpochMilli() + 120_000, null);

        assertThat(cache.reason("s-1")).isEqualTo("ADMIN_REVOKED");
        assertThat(cache.isRevoked("s-1")).isTrue();
        assertThat(cache.reason("s-2")).isNull();
    }

    @Test
    void onlyLapsedEntriesAreForgotten() {
        NearCache cache = new NearCache(Clock.fixed(NOW, ZoneOffset.UTC));
        cache.remember("lapsed", NOW.toEpochMilli(), null);
        cache.remember("live", NOW.toEpochMilli() + 1, null);

        cache.forgetLapsed();

        assertThat(cache.size()).isEqualTo(1);
        assertThat(cache.isRevoked("live")).isTrue();
    }
}
