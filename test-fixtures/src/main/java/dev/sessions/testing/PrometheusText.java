package dev.sessions.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A scrape of {@code /q/metrics} (Prometheus text format 0.0.4 or OpenMetrics) read into samples, for tests that
 * assert on metrics: names, labels and values, and the families that {@code # TYPE} lines declare.
 */
public final class PrometheusText {

    private static final Pattern SAMPLE =
            Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})?\\s+(\\S+)(?:\\s+\\S+)?$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    /** One sample line: the name (with its suffix: {@code _total}, {@code _count}, ...), labels and value. */
    public record Sample(String name, Map<String, String> labels, double value) {

        /** Whether this sample carries every one of {@code wanted}'s labels with the same value. */
        public boolean has(Map<String, String> wanted) {
            return wanted.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
        }
    }

    private final List<Sample> samples;
    private final Map<String, String> types;

    private PrometheusText(List<Sample> samples, Map<String, String> types) {
        this.samples = List.copyOf(samples);
        this.types = Map.copyOf(types);
    }

    /** Reads a scrape; a line that is neither a comment nor a sample fails, so a broken exposition is seen. */
    public static PrometheusText parse(String text) {
        List<Sample> samples = new ArrayList<>();
        Map<String, String> types = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            if (line.startsWith("# TYPE ")) {
                String[] parts = line.substring("# TYPE ".length()).trim().split("\\s+");
                types.put(parts[0], parts[1]);
                continue;
            }
            if (line.startsWith("#")) {
                continue;
            }
            // an OpenMetrics exemplar (" # {trace_id=...} value") follows the value: not part of the sample
            int exemplar = line.indexOf(" # ");
            Matcher sample = SAMPLE.matcher((exemplar < 0 ? line : line.substring(0, exemplar)).trim());
            if (!sample.matches()) {
                throw new IllegalArgumentException("not a Prometheus sample line: " + line);
            }
            Map<String, String> labels = new LinkedHashMap<>();
            if (sample.group(2) != null) {
                Matcher label = LABEL.matcher(sample.group(2));
                while (label.find()) {
                    labels.put(label.group(1), label.group(2));
                }
            }
            samples.add(new Sample(sample.group(1), Map.copyOf(labels), parseValue(sample.group(3))));
        }
        return new PrometheusText(samples, types);
    }

    private static double parseValue(String value) {
        return switch (value) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            case "NaN" -> Double.NaN;
            default -> Double.parseDouble(value);
        };
    }

    /** Every sample name (with suffixes such as {@code _total}, {@code _bucket}, {@code _count}). */
    public Set<String> names() {
        Set<String> names = new TreeSet<>();
        samples.forEach(sample -> names.add(sample.name()));
        return names;
    }

    /** The type a {@code # TYPE} line gives the family {@code name} ({@code counter}, {@code gauge}, ...), or null. */
    public String type(String family) {
        return types.get(family);
    }

    /** The samples of {@code name} that carry {@code labels} (a subset of theirs). */
    public List<Sample> samples(String name, Map<String, String> labels) {
        return samples.stream()
                .filter(sample -> sample.name().equals(name) && sample.has(labels))
                .toList();
    }

    /** Whether any sample of {@code name} carries {@code labels}. */
    public boolean has(String name, Map<String, String> labels) {
        return !samples(name, labels).isEmpty();
    }

    /** The sum of the samples of {@code name} that carry {@code labels}; 0 when there is none. */
    public double sum(String name, Map<String, String> labels) {
        return samples(name, labels).stream().mapToDouble(Sample::value).sum();
    }

    /** {@link #sum(String, Map)} without a label filter. */
    public double sum(String name) {
        return sum(name, Map.of());
    }
}
