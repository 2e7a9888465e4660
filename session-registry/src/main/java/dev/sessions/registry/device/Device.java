package dev.sessions.registry.device;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The device of a session, named the way a person names it. */
@Schema(name = "Device", description = "Device, operating system and browser, read from the User-Agent")
public record Device(
        @Schema(description = "Computer, Tablet, Smartphone or Unknown", example = "Computer")
        String type,

        @Schema(description = "Operating system family", example = "Windows")
        String os,

        @Schema(description = "Operating system version, when known", example = "10", nullable = true)
        String osVersion,

        @Schema(description = "Browser family, mobile variants folded", example = "Chrome")
        String browser,

        @Schema(description = "Browser version, when known", example = "120.0.0", nullable = true)
        String browserVersion) {

    public static final String UNKNOWN = "Unknown";

    /** What an empty, over-long or unreadable User-Agent reads as. */
    public static Device unknown() {
        return new Device(UNKNOWN, UNKNOWN, null, UNKNOWN, null);
    }
}
