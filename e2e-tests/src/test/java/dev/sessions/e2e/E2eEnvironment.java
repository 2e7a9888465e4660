package dev.sessions.e2e;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The end-to-end stack under test, as {@code ./stack e2e} describes it in {@code E2E_*} environment variables.
 *
 * <p>A missing variable fails the test with a message saying how to run it: these tests never skip themselves.
 */
public final class E2eEnvironment {

    private static final Pattern SIMPLE_DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d)?");

    private E2eEnvironment() {}

    /** The gateway, the one address a browser talks to, e.g. {@code http://127.0.0.1:18080}. */
    public static String gatewayUrl() {
        return url("E2E_GATEWAY_URL");
    }

    /** auth-service on its own port (operators' view: health, OpenAPI). */
    public static String authUrl() {
        return url("E2E_AUTH_URL");
    }

    /** session-registry on its own port. */
    public static String registryUrl() {
        return url("E2E_REGISTRY_URL");
    }

    /**
     * Every instance of session-registry, each on its own port ({@code E2E_REGISTRY_URLS}, space-separated), the first
     * being {@link #registryUrl()}: figures an instance counts for itself (metrics) are summed over these.
     */
    public static List<String> registryUrls() {
        return urls("E2E_REGISTRY_URLS");
    }

    /** Every instance of auth-service ({@code E2E_AUTH_URLS}), the first being {@link #authUrl()}. */
    public static List<String> authUrls() {
        return urls("E2E_AUTH_URLS");
    }

    /** The sample protected app, straight on its loopback port (behind the gateway it is {@code /api/**}). */
    public static String appUrl() {
        return url("E2E_APP_URL");
    }

    /** The Redis database of this stack, e.g. {@code redis://127.0.0.1:6379/2}. */
    public static String redisUrl() {
        return required("E2E_REDIS_URL");
    }

    /** This stack's MailDev (web page and REST API), when it runs one; empty with the caller's own SMTP server. */
    public static java.util.Optional<String> maildevUrl() {
        String value = System.getenv("E2E_MAILDEV_URL");
        return value == null || value.isBlank()
                ? java.util.Optional.empty()
                : java.util.Optional.of(value.endsWith("/") ? value.substring(0, value.length() - 1) : value);
    }

    /** The shared secret of the internal calls and {@code /introspect}. */
    public static String internalToken() {
        return required("E2E_INTERNAL_TOKEN");
    }

    /** The bootstrap admin's email. */
    public static String adminEmail() {
        return required("E2E_ADMIN_EMAIL");
    }

    /** The bootstrap admin's password. */
    public static String adminPassword() {
        return required("E2E_ADMIN_PASSWORD");
    }

    /** {@code auth.access-token.ttl} of the stack (short, so expiry can be observed). */
    public static Duration accessTokenTtl() {
        return duration(required("E2E_ACCESS_TOKEN_TTL"));
    }

    /** {@code auth.refresh.reuse-grace} of the stack. */
    public static Duration reuseGrace() {
        return duration(required("E2E_REUSE_GRACE"));
    }

    /** The Redis pub/sub channel this stack's services use for revocations. */
    public static String revocationChannel() {
        return required("E2E_REVOCATION_CHANNEL");
    }

    /** True when the registry of this stack has location data (the DB-IP files ./stack fetches). */
    public static boolean geoipEnabled() {
        return "1".equals(System.getenv("E2E_GEOIP"));
    }

    /** The value of a variable ./stack sets, or an error that says how to run the end-to-end tests. */
    public static String required(String name) {
        String value = System.getenv(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(name + " is not set: the end-to-end tests run against a stack that"
                    + " ./stack e2e (or ./stack test) starts and describes in E2E_* variables; run them with"
                    + " ./stack e2e [-Dtest=ClassName]");
        }
        return value.trim();
    }

    /** Quarkus-style durations: {@code 20s}, {@code 15m}, {@code 500ms}, a bare number of seconds, or ISO-8601. */
    public static Duration duration(String text) {
        Matcher simple = SIMPLE_DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!simple.matches()) {
            return Duration.parse(text.trim().toUpperCase(Locale.ROOT));
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

    private static String url(String name) {
        return withoutSlash(required(name));
    }

    private static List<String> urls(String name) {
        return Arrays.stream(required(name).split("[\\s,]+"))
                .filter(url -> !url.isBlank())
                .map(E2eEnvironment::withoutSlash)
                .toList();
    }

    private static String withoutSlash(String value) {
        return value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
    }
}
