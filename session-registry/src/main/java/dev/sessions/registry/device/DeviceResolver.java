package dev.sessions.registry.device;

import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

import jakarta.enterprise.context.ApplicationScoped;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.quarkus.runtime.Startup;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import ua_parser.Client;
import ua_parser.Parser;

import dev.sessions.registry.config.RegistryConfig;

/**
 * Reads a User-Agent into a {@link Device}: uap-java behind a Caffeine cache, parsing (milliseconds per string)
 * on a worker thread, never on the event loop.
 */
@Startup
@ApplicationScoped
public class DeviceResolver {

    private static final Map<String, String> OS_NAMES = Map.ofEntries(
            Map.entry("Mac OS X", "macOS"),
            Map.entry("Mac OS", "macOS"),
            Map.entry("Chrome OS", "ChromeOS"),
            Map.entry("Windows", "Windows"),
            Map.entry("iOS", "iOS"),
            Map.entry("iPadOS", "iOS"),
            Map.entry("Android", "Android"),
            Map.entry("Linux", "Linux"),
            Map.entry("Ubuntu", "Linux"),
            Map.entry("Fedora", "Linux"),
            Map.entry("Debian", "Linux"),
            Map.entry("Red Hat", "Linux"),
            Map.entry("SUSE", "Linux"),
            Map.entry("Linux Mint", "Linux"),
            Map.entry("Arch Linux", "Linux"),
            Map.entry("FreeBSD", "FreeBSD"),
            Map.entry("Windows Phone", "Windows Phone"),
            Map.entry("KaiOS", "KaiOS"),
            Map.entry("Tizen", "Tizen"),
            Map.entry("HarmonyOS", "HarmonyOS"));

    private static final Map<String, String> BROWSER_NAMES = Map.ofEntries(
            Map.entry("Chrome Mobile", "Chrome"),
            Map.entry("Chrome Mobile iOS", "Chrome"),
            Map.entry("Chrome Mobile WebView", "Chrome"),
            Map.entry("HeadlessChrome", "Chrome"),
            Map.entry("Mobile Safari", "Safari"),
            Map.entry("Mobile Safari UI/WKWebView", "Safari"),
            Map.entry("Safari", "Safari"),
            Map.entry("Firefox Mobile", "Firefox"),
            Map.entry("Firefox iOS", "Firefox"),
            Map.entry("Firefox Focus", "Firefox"),
            Map.entry("Edge Mobile", "Edge"),
            Map.entry("Opera Mobile", "Opera"),
            Map.entry("Opera Mini", "Opera"),
            Map.entry("Opera Touch", "Opera"),
            Map.entry("Samsung Internet", "Samsung Internet"),
            Map.entry("Yandex Browser", "Yandex Browser"),
            Map.entry("UC Browser", "UC Browser"));

    private final Parser parser = new Parser();
    private final Cache<String, Device> cache;
    private final int maxLength;

    DeviceResolver(RegistryConfig config) {
        this.cache =
                Caffeine.newBuilder().maximumSize(config.device().cacheSize()).build();
        this.maxLength = config.device().maxUserAgentLength();
    }

    /** The device of a User-Agent; completes at once for a string seen before. */
    public Uni<Device> resolve(String userAgent) {
        String ua = normalize(userAgent);
        if (ua == null) {
            return Uni.createFrom().item(Device.unknown());
        }
        Device cached = cache.getIfPresent(ua);
        if (cached != null) {
            return Uni.createFrom().item(cached);
        }
        return Uni.createFrom()
                .item(() -> cache.get(ua, this::parse))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    /** The device of a User-Agent, parsed on the calling thread: only for worker threads. */
    public Device resolveNow(String userAgent) {
        String ua = normalize(userAgent);
        return ua == null ? Device.unknown() : cache.get(ua, this::parse);
    }

    private String normalize(String userAgent) {
        if (userAgent == null) {
            return null;
        }
        String ua = userAgent.strip();
        return ua.isEmpty() || ua.length() > maxLength ? null : ua;
    }

    private Device parse(String ua) {
        Client client = parser.parse(ua);
        if ("Spider".equals(client.device.family)) {
            return new Device(Device.UNKNOWN, Device.UNKNOWN, null, Device.UNKNOWN, null);
        }
        String os = osName(client.os.family);
        String browser = browserName(client.userAgent.family);
        String osVersion = version(client.os.major, client.os.minor, client.os.patch);
        String browserVersion = version(client.userAgent.major, client.userAgent.minor, client.userAgent.patch);
        return new Device(
                type(os, ua, client.device.family),
                os,
                Device.UNKNOWN.equals(os) ? null : osVersion,
                browser,
                Device.UNKNOWN.equals(browser) ? null : browserVersion);
    }

    private static String type(String os, String ua, String deviceFamily) {
        String lower = ua.toLowerCase(Locale.ROOT);
        if ("iPad".equals(deviceFamily)
                || lower.contains("ipad")
                || lower.contains("kindle")
                || lower.contains("silk/")) {
            return "Tablet";
        }
        switch (os) {
            case "iOS", "Windows Phone", "KaiOS":
                return "Smartphone";
            case "Android", "HarmonyOS", "Tizen":
                return lower.contains("mobile") ? "Smartphone" : "Tablet";
            case "Windows", "macOS", "Linux", "ChromeOS", "FreeBSD":
                return "Computer";
            default:
                return Device.UNKNOWN;
        }
    }

    private static String osName(String family) {
        if (family == null || "Other".equals(family)) {
            return Device.UNKNOWN;
        }
        return OS_NAMES.getOrDefault(family, family);
    }

    private static String browserName(String family) {
        if (family == null || "Other".equals(family)) {
            return Device.UNKNOWN;
        }
        String known = BROWSER_NAMES.get(family);
        if (known != null) {
            return known;
        }
        return family.replace(" Mobile", "").replace("Mobile ", "").replace(" iOS", "");
    }

    private static String version(String major, String minor, String patch) {
        if (major == null || major.isEmpty()) {
            return null;
        }
        StringJoiner joiner = new StringJoiner(".");
        joiner.add(major);
        if (minor != null && !minor.isEmpty()) {
            joiner.add(minor);
            if (patch != null && !patch.isEmpty()) {
                joiner.add(patch);
            }
        }
        return joiner.toString();
    }
}
