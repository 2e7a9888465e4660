package dev.sessions.registry.device;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How often the device reads right on a labelled set of real User-Agents that this project did not write
 * ({@code device/labelled-user-agents.tsv}: its header says where each row comes from and under which licence). The
 * figures are printed, the misses written to {@code target/device-accuracy-misses.tsv}, and the build fails below the
 * thresholds of issue 13.
 */
class DeviceAccuracyTest {

    private static final double TYPE_THRESHOLD = 0.95;
    private static final double OS_THRESHOLD = 0.98;
    private static final double BROWSER_THRESHOLD = 0.97;

    private static final List<Row> ROWS = new ArrayList<>();
    private static final List<String> MISSES = new ArrayList<>();
    private static final DeviceResolver DEVICES = new DeviceResolver(100_000, 1024);

    /** One labelled User-Agent; an empty label is not counted. */
    private record Row(String source, String type, String os, String browser, String userAgent) {}

    @BeforeAll
    static void read() throws IOException {
        try (InputStream in = DeviceAccuracyTest.class.getResourceAsStream("/device/labelled-user-agents.tsv")) {
            assertThat(in).as("the labelled set").isNotNull();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t", -1);
                ROWS.add(new Row(f[0], f[1], f[2], f[3], f[4]));
            }
        }
    }

    @Test
    void deviceTypes() {
        assertThat(accuracy("type", Row::type, Device::type)).isGreaterThanOrEqualTo(TYPE_THRESHOLD);
    }

    @Test
    void operatingSystems() {
        assertThat(accuracy("os", Row::os, Device::os)).isGreaterThanOrEqualTo(OS_THRESHOLD);
    }

    @Test
    void browsers() {
        assertThat(accuracy("browser", Row::browser, Device::browser)).isGreaterThanOrEqualTo(BROWSER_THRESHOLD);
    }

    private static double accuracy(String what, Function<Row, String> label, Function<Device, String> read) {
        int counted = 0;
        int right = 0;
        List<String> misses = new ArrayList<>();
        for (Row row : ROWS) {
            String expected = label.apply(row);
            if (expected.isEmpty()) {
                continue;
            }
            counted++;
            String actual = read.apply(DEVICES.resolveNow(row.userAgent()));
            if (expected.equals(actual)) {
                right++;
            } else {
                misses.add(what + "\t" + expected + "\t" + actual + "\t" + row.source() + "\t" + row.userAgent());
            }
        }
        double accuracy = counted == 0 ? 0 : (double) right / counted;
        System.out.printf(
                Locale.ROOT, "Device accuracy, %s: %.1f%% (%d of %d)%n", what, accuracy * 100, right, counted);
        writeMisses(misses);
        assertThat(counted).as("labelled rows for %s", what).isGreaterThan(300);
        return accuracy;
    }

    private static synchronized void writeMisses(List<String> misses) {
        MISSES.addAll(misses);
        try {
            Files.createDirectories(Path.of("target"));
            Files.write(Path.of("target", "device-accuracy-misses.tsv"), MISSES, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
