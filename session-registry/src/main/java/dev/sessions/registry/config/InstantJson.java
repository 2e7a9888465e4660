package dev.sessions.registry.config;

import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import io.quarkus.jackson.ObjectMapperCustomizer;

/**
 * Writes every {@link Instant} of the registry's JSON exactly as Jackson's own {@code InstantSerializer} does
 * ({@link DateTimeFormatter#ISO_INSTANT}: no fraction, or 3, 6 or 9 digits of it), without the formatter's machinery:
 * a session list writes three instants per session, and formatting them was among the top frames of its profile
 * (docs/benchmarks.md, section 11). Instants outside the years 1970 to 9999 go through the formatter itself.
 */
@Singleton
public class InstantJson implements ObjectMapperCustomizer {

    /** 10000-01-01T00:00:00Z: from there on ISO_INSTANT writes a sign and more digits. */
    private static final long YEAR_10000 = 253_402_300_800L;

    private static final int SECONDS_PER_DAY = 86_400;

    /** After Quarkus' own customizers, one of which registers Jackson's time module: the serializer added last wins. */
    @Override
    public int priority() {
        return MINIMUM_PRIORITY;
    }

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.registerModule(new SimpleModule("instant-json").addSerializer(Instant.class, new Writer()));
    }

    /** What {@link DateTimeFormatter#ISO_INSTANT} writes for {@code instant}. */
    public static String format(Instant instant) {
        char[] text = new char[30];
        int length = format(instant, text);
        return length < 0 ? DateTimeFormatter.ISO_INSTANT.format(instant) : new String(text, 0, length);
    }

    /** Writes {@code instant} into {@code out} (30 characters at least); -1 when it is outside the fast range. */
    private static int format(Instant instant, char[] out) {
        long seconds = instant.getEpochSecond();
        if (seconds < 0 || seconds >= YEAR_10000) {
            return -1;
        }
        LocalDate date = LocalDate.ofEpochDay(seconds / SECONDS_PER_DAY);
        int ofDay = (int) (seconds % SECONDS_PER_DAY);
        digits(out, 0, date.getYear(), 4);
        out[4] = '-';
        digits(out, 5, date.getMonthValue(), 2);
        out[7] = '-';
        digits(out, 8, date.getDayOfMonth(), 2);
        out[10] = 'T';
        digits(out, 11, ofDay / 3600, 2);
        out[13] = ':';
        digits(out, 14, ofDay / 60 % 60, 2);
        out[16] = ':';
        digits(out, 17, ofDay % 60, 2);
        int at = 19;
        int nano = instant.getNano();
        if (nano != 0) {
            out[at++] = '.';
            if (nano % 1_000_000 == 0) {
                digits(out, at, nano / 1_000_000, 3);
                at += 3;
            } else if (nano % 1_000 == 0) {
                digits(out, at, nano / 1_000, 6);
                at += 6;
            } else {
                digits(out, at, nano, 9);
                at += 9;
            }
        }
        out[at++] = 'Z';
        return at;
    }

    private static void digits(char[] out, int at, int value, int count) {
        for (int i = at + count - 1; i >= at; i--) {
            out[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }

    /** The serializer: the characters go to the generator without a String in between. */
    static final class Writer extends StdSerializer<Instant> {

        Writer() {
            super(Instant.class);
        }

        @Override
        public void serialize(Instant value, JsonGenerator out, SerializerProvider provider) throws IOException {
            char[] text = new char[30];
            int length = format(value, text);
            if (length < 0) {
                out.writeString(DateTimeFormatter.ISO_INSTANT.format(value));
            } else {
                out.writeString(text, 0, length);
            }
        }
    }
}
