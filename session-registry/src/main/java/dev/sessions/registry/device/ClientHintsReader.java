package dev.sessions.registry.device;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.sessions.contract.internal.ClientHints;

/**
 * Corrects a device read from the User-Agent with the User-Agent Client Hints, where they say more: Chrome's reduced
 * User-Agent freezes the OS version (Windows 10, macOS 10.15.7, Android 10), hides the model ("K") and the full
 * version, while the hints carry the platform and its version, mobile or not, the model and the browser's brands.
 * What the hints do not say, or say in a way not understood, leaves the User-Agent's reading as it is.
 */
final class ClientHintsReader {

    private static final Pattern BRAND = Pattern.compile("\"([^\"]{1,64})\"\\s*;\\s*v\\s*=\\s*\"([^\"]{0,32})\"");
    private static final Pattern VERSION = Pattern.compile("\\d+(\\.\\d+){0,3}");
    private static final Map<String, String> PLATFORMS = Map.of(
            "windows", "Windows",
            "macos", "macOS",
            "linux", "Linux",
            "android", "Android",
            "chrome os", "ChromeOS",
            "chromium os", "ChromeOS",
            "ios", "iOS");
    /** Brands in the order they win: a browser's own brand over the engine it is built on. */
    private static final Map<String, String> BRANDS = brands();

    private ClientHintsReader() {}

    private static Map<String, String> brands() {
        Map<String, String> brands = new LinkedHashMap<>();
        brands.put("microsoft edge", "Edge");
        brands.put("opera gx", "Opera");
        brands.put("opera", "Opera");
        brands.put("samsung internet", "Samsung Internet");
        brands.put("yandex", "Yandex Browser");
        brands.put("brave", "Brave");
        brands.put("google chrome", "Chrome");
        brands.put("chromium", "Chrome");
        return brands;
    }

    /** The device as the hints correct it; {@code device} itself when there are no hints. */
    static Device apply(Device device, ClientHints hints) {
        if (hints == null || hints.isEmpty()) {
            return device;
        }
        String os = device.os();
        String osVersion = device.osVersion();
        String platform = PLATFORMS.get(unquote(hints.platform()).toLowerCase(Locale.ROOT));
        if (platform != null) {
            if (!platform.equals(os)) {
                osVersion = null;
            }
            os = platform;
            String version = osVersion(platform, unquote(hints.platformVersion()));
            if (version != null) {
                osVersion = version;
            }
        }
        String type = type(device.type(), os, hints);
        String browser = device.browser();
        String browserVersion = device.browserVersion();
        Brand brand = brand(hints.fullVersionList() != null ? hints.fullVersionList() : hints.brands());
        if (brand != null) {
            browser = brand.family();
            if (hints.fullVersionList() != null
                    && VERSION.matcher(brand.version()).matches()) {
                browserVersion = brand.version();
            } else if (!brand.family().equals(device.browser())) {
                browserVersion = brand.version().isEmpty() ? null : brand.version();
            }
        }
        return new Device(type, os, osVersion, browser, browserVersion);
    }

    /**
     * Mobile or not, as the browser says: on Android, Chrome says ?0 on tablets and ?1 on phones; a model known as a
     * tablet is a tablet whatever the browser says (some ask for the mobile site).
     */
    private static String type(String type, String os, ClientHints hints) {
        String model = unquote(hints.model());
        if (!model.isEmpty() && DeviceResolver.isTabletModel(model)) {
            return "Tablet";
        }
        if ("?1".equals(hints.mobile())) {
            return "Smartphone";
        }
        if ("?0".equals(hints.mobile())) {
            return switch (os) {
                case "Android" -> "Tablet";
                case "Windows", "macOS", "Linux", "ChromeOS" -> "Computer";
                default -> type;
            };
        }
        return type;
    }

    /**
     * The OS version as a person names it: Windows's platform version is 13 or more on Windows 11, 1 to 10 on Windows
     * 10, and below 1 on 7, 8 and 8.1; macOS and Android versions are shown without trailing zeros.
     */
    private static String osVersion(String os, String version) {
        if (!VERSION.matcher(version).matches()) {
            return null;
        }
        String[] parts = version.split("\\.");
        int major = Integer.parseInt(parts[0]);
        if ("Windows".equals(os)) {
            if (major >= 13) {
                return "11";
            }
            if (major >= 1) {
                return "10";
            }
            return null;
        }
        StringBuilder kept = new StringBuilder(parts[0]);
        int last = parts.length - 1;
        while (last > 0 && Integer.parseInt(parts[last]) == 0) {
            last--;
        }
        for (int i = 1; i <= last; i++) {
            kept.append('.').append(parts[i]);
        }
        return kept.toString();
    }

    private record Brand(String family, String version) {}

    /** The browser's own brand in a brand list ("Not A Brand" entries are noise by design and never match). */
    private static Brand brand(String list) {
        if (list == null) {
            return null;
        }
        Map<String, String> versions = new LinkedHashMap<>();
        Matcher m = BRAND.matcher(list);
        while (m.find()) {
            versions.put(m.group(1).toLowerCase(Locale.ROOT), m.group(2));
        }
        for (Map.Entry<String, String> known : BRANDS.entrySet()) {
            String version = versions.get(known.getKey());
            if (version != null) {
                return new Brand(known.getValue(), version);
            }
        }
        return null;
    }

    private static String unquote(String value) {
        if (value == null) {
            return "";
        }
        String v = value.strip();
        return v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"") ? v.substring(1, v.length() - 1) : v;
    }
}
