package dev.sessions.e2e.metrics;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The metric names a PromQL expression reads: what is left once strings, matchers, ranges and groupings are gone. */
final class PromQl {

    private static final Pattern STRINGS = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'");
    private static final Pattern MATCHERS = Pattern.compile("\\{[^}]*}");
    private static final Pattern RANGES = Pattern.compile("\\[[^]]*]");
    private static final Pattern GROUPINGS =
            Pattern.compile("\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
    // a whole identifier (possessive: never a shorter prefix of a call) not preceded by a digit or a dot (1e-9, 0.5)
    // and not a call (rate(, sum()
    private static final Pattern IDENTIFIER =
            Pattern.compile("(?<![a-zA-Z0-9_:.])([a-zA-Z_:][a-zA-Z0-9_:]*+)(?!\\s*\\()");
    private static final Set<String> KEYWORDS =
            Set.of("and", "or", "unless", "offset", "bool", "by", "without", "on", "ignoring", "inf", "nan");

    private PromQl() {}

    static Set<String> metricNames(String expr) {
        String rest = STRINGS.matcher(expr).replaceAll("\"\"");
        rest = MATCHERS.matcher(rest).replaceAll("");
        rest = RANGES.matcher(rest).replaceAll("");
        rest = GROUPINGS.matcher(rest).replaceAll("");
        Set<String> names = new TreeSet<>();
        Matcher identifier = IDENTIFIER.matcher(rest);
        while (identifier.find()) {
            String name = identifier.group(1);
            if (!KEYWORDS.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                names.add(name);
            }
        }
        return names;
    }
}
