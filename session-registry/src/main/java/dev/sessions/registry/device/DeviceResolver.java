package dev.sessions.registry.device;

import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.quarkus.runtime.Startup;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import ua_parser.Client;
import ua_parser.Parser;

import dev.sessions.contract.internal.ClientHints;
import dev.sessions.registry.config.RegistryConfig;

/**
 * Reads a User-Agent into a {@link Device}: uap-java behind a Caffeine cache, parsing (milliseconds per string)
 * on a worker thread, never on the event loop. uap-java reads its rules (a YAML file) when its parser is built, about
 * a second of one core: that happens on a thread of its own from the start, beside the rest of it, and the first
 * parse waits for it (a session opened in the registry's first second, not a check).
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
            Map.entry("Gentoo", "Linux"),
            Map.entry("Mageia", "Linux"),
            Map.entry("Kubuntu", "Linux"),
            Map.entry("Xubuntu", "Linux"),
            Map.entry("Lubuntu", "Linux"),
            Map.entry("Mandriva", "Linux"),
            Map.entry("CentOS", "Linux"),
            Map.entry("Slackware", "Linux"),
            Map.entry("Mint", "Linux"),
            Map.entry("PCLinuxOS", "Linux"),
            Map.entry("Manjaro", "Linux"),
            Map.entry("openSUSE", "Linux"),
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
            Map.entry("Opera GX", "Opera"),
            Map.entry("Opera Neon", "Opera"),
            Map.entry("Samsung Internet", "Samsung Internet"),
            Map.entry("Yandex Browser", "Yandex Browser"),
            Map.entry("UC Browser", "UC Browser"));

    private static final Pattern TABLET = Pattern.compile("ipad|kindle|silk/|playbook|tablet|\\bkf[a-z]{2,4}\\b"
            + "|\\b(sm-[tpx]|gt-p|sgh-t8|shw-m[34]|sch-i800)\\d|lenovo (tb|b[68]0|a[37]600|a3500|yt)|\\btb-[0-9x]"
            + "|mediapad|\\b(ags|bah|bzt|agr|kob|scm|ccm|dby)[0-9]?-|pixel (c|tablet)\\b|nexus (7|9|10)\\b"
            + "|\\bmid\\d|xoom|transformer|iconia|nook|galaxy tab");
    private static final Pattern PHONE = Pattern.compile(
            "mobile|mobi\\b|iphone|windows ce|windows phone|iemobile|blackberry|bb10|symbian|series ?60|opera mini"
                    + "|midp|bada/|kaios|palmos|palmsource|smartphone");
    // desktop systems uap-core does not name (or names in a family of its own): a computer all the same
    private static final Pattern DESKTOP = Pattern.compile(
            "x11|unix|bsd|os/2|beos|haiku|amiga|risc os|morphos|sunos|solaris|irix|hp-ux|\\baix\\b|darwin|windows");
    private static final Pattern MAC_APP = Pattern.compile("darwin/[\\d.]+ \\((x86_64|arm64|mac|imac|macbook)");
    private static final Pattern OPERA = Pattern.compile("\\b(opr|oprgx|opx|opt)/\\d");

    private final CompletableFuture<Parser> parser = loadParser();
    private final Cache<String, Device> cache;
    private final int maxLength;

    @Inject
    DeviceResolver(RegistryConfig config) {
        this(config.device().cacheSize(), config.device().maxUserAgentLength());
    }

    /** Without configuration, for measuring the reading itself (DeviceAccuracyTest). */
    DeviceResolver(long cacheSize, int maxLength) {
        this.cache = Caffeine.newBuilder().maximumSize(cacheSize).build();
        this.maxLength = maxLength;
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

    /**
     * The device of a User-Agent, corrected by the User-Agent Client Hints sent with it (null: none); completes at once
     * for a User-Agent seen before.
     */
    public Uni<Device> resolve(String userAgent, ClientHints hints) {
        Uni<Device> device = resolve(userAgent);
        return hints == null || hints.isEmpty() ? device : device.map(d -> ClientHintsReader.apply(d, hints));
    }

    /** Whether a device model (as in {@code Sec-CH-UA-Model} or a User-Agent) names a tablet. */
    static boolean isTabletModel(String model) {
        return TABLET.matcher(model.toLowerCase(Locale.ROOT)).find();
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
        Client client = parser.join().parse(ua);
        if ("Spider".equals(client.device.family)) {
            return new Device(Device.UNKNOWN, Device.UNKNOWN, null, Device.UNKNOWN, null);
        }
        String lower = ua.toLowerCase(Locale.ROOT);
        String os = os(osName(client.os.family), lower);
        String browser = browser(browserName(client.userAgent.family), lower);
        String osVersion = version(client.os.major, client.os.minor, client.os.patch);
        String browserVersion = version(client.userAgent.major, client.userAgent.minor, client.userAgent.patch);
        return new Device(
                type(os, lower),
                os,
                Device.UNKNOWN.equals(os) || !os.equals(osName(client.os.family)) ? null : osVersion,
                browser,
                Device.UNKNOWN.equals(browser) ? null : browserVersion);
    }

    /**
     * The OS, where uap-core's answer is not what a person would name: Samsung DeX (Samsung Internet on an X11 desktop)
     * is Android; a Mac app through CFNetwork names its Mac model or architecture, which iOS apps do not; an old Mac
     * says only "Macintosh"; and any other X11 system is a Linux desktop.
     */
    private static String os(String os, String lower) {
        if (lower.contains("samsungbrowser/") && lower.contains("x11;")) {
            return "Android";
        }
        if (lower.contains("cfnetwork/") && MAC_APP.matcher(lower).find()) {
            return "macOS";
        }
        if (!Device.UNKNOWN.equals(os)) {
            return os;
        }
        if (lower.contains("macintosh") || lower.contains("mac_")) {
            return "macOS";
        }
        if (lower.contains("windows")) {
            return "Windows";
        }
        return lower.contains("x11") || lower.contains("linux") ? "Linux" : os;
    }

    /** Opera's own tokens (OPRGX, OPX for GX on phones, OPT for Touch) and Edge on Android, which uap-core misses. */
    private static String browser(String browser, String lower) {
        if (OPERA.matcher(lower).find()) {
            return "Opera";
        }
        if (lower.contains(" edg/") || lower.contains(" edga/") || lower.contains(" edgios/")) {
            return "Edge";
        }
        return browser;
    }

    /**
     * The device type. Tablets first: their names (iPad, Kindle, Galaxy Tab model numbers, ...), because some tablet
     * browsers say "Mobile"; then phones by their systems and tokens; Android without "Mobile" is a tablet only for a
     * browser (Chrome and its kin drop "Mobile" on tablets), apps and old browsers mostly run on phones.
     */
    private static String type(String os, String lower) {
        if (TABLET.matcher(lower).find() || (lower.contains("samsungbrowser/") && lower.contains("x11;"))) {
            return "Tablet";
        }
        switch (os) {
            case "iOS", "Windows Phone", "KaiOS", "BlackBerry OS", "BlackBerry Tablet OS", "Symbian OS", "Bada":
                return "Smartphone";
            case "Android", "HarmonyOS", "Tizen":
                if (lower.contains("mobile") || !lower.contains("safari/")) {
                    return "Smartphone";
                }
                return "Tablet";
            default:
                break;
        }
        if (PHONE.matcher(lower).find()) {
            return "Smartphone";
        }
        switch (os) {
            case "Windows", "macOS", "Linux", "ChromeOS", "FreeBSD", "OpenBSD", "NetBSD", "Solaris":
                return "Computer";
            default:
                return DESKTOP.matcher(lower).find() ? "Computer" : Device.UNKNOWN;
        }
    }

    private static CompletableFuture<Parser> loadParser() {
        return CompletableFuture.supplyAsync(Parser::new, task -> {
            Thread thread = new Thread(task, "uap-parser-load");
            thread.setDaemon(true);
            thread.start();
        });
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
