package dev.sessions.e2e.console;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The end-to-end stack as the console tests see it: the gateway, the admin, and the token lifetime. */
final class ConsoleEnvironment {

    private static final Pattern SIMPLE_DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d)?");

    private ConsoleEnvironment() {
    }

    static String gatewayUrl() {
        return stripSlash(value("E2E_GATEWAY_URL", "http://127.0.0.1:18080"));
    }

    static String authUrl() {
        return stripSlash(value("E2E_AUTH_URL", "http://127.0.0.1:18081"));
    }

    static String adminEmail() {
        return value("E2E_ADMIN_EMAIL", "admin@example.com");
    }

    static String adminPassword() {
        return value("E2E_ADMIN_PASSWORD", "admin-password-1");
    }

    static Duration accessTokenTtl() {
        return duration(value("E2E_ACCESS_TOKEN_TTL", "20s"));
    }

    static Duration reuseGrace() {
        return duration(value("E2E_REUSE_GRACE", "10s"));
    }

    private static String value(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** Quarkus-style durations: "20s", "15m", "500ms", a bare number of seconds, or ISO-8601 ("PT20S"). */
    static Duration duration(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        Matcher simple = SIMPLE_DURATION.matcher(lower);
        if (!simple.matches()) {
            return Duration.parse(text.toUpperCase(Locale.ROOT));
        }
        long amount = Long.parseLong(simple.group(1));
        String unit = simple.group(2) == null ? "s" : simple.group(2);
        return switch (unit) {
            case "ms" -> Duration.ofMillis(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            case "d" -> Duration.ofDays(amount);
            default -> Duration.ofSeconds(amount);
        };
    }
}
