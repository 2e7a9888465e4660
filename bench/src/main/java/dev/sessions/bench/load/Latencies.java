package dev.sessions.bench.load;

import java.util.Arrays;

/** Records every latency of a run (no sampling) so p99 is exact, and prints the summary line bench/run parses. */
final class Latencies {

    private long[] micros = new long[1 << 16];
    private int count;
    private long errors;

    synchronized void record(long nanos) {
        if (count == micros.length) {
            micros = Arrays.copyOf(micros, count * 2);
        }
        micros[count++] = nanos / 1_000;
    }

    synchronized void error() {
        errors++;
    }

    synchronized int count() {
        return count;
    }

    synchronized long errors() {
        return errors;
    }

    /** Microseconds at the given percentile (nearest rank), 0 when nothing was recorded. */
    synchronized long percentile(double p) {
        if (count == 0) {
            return 0;
        }
        long[] sorted = Arrays.copyOf(micros, count);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * count);
        return sorted[Math.max(0, Math.min(count - 1, rank - 1))];
    }

    /** One line of key=value pairs, starting with RESULT, that bench/run reads. */
    String summary(String name, double seconds) {
        return String.format(
                "RESULT name=%s ok=%d errors=%d seconds=%.2f rate=%.1f p50_us=%d p90_us=%d p99_us=%d max_us=%d",
                name,
                count(),
                errors(),
                seconds,
                count() / seconds,
                percentile(50),
                percentile(90),
                percentile(99),
                percentile(100));
    }
}
