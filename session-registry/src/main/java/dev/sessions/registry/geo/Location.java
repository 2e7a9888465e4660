package dev.sessions.registry.geo;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Approximate location of an address. */
@Schema(name = "Location", description = "Approximate location of the client address; null when unknown")
public record Location(
        @Schema(description = "City, when known", example = "London", nullable = true)
        String city,

        @Schema(description = "English name of the country", example = "United Kingdom")
        String country,

        @Schema(description = "ISO 3166-1 alpha-2 code", example = "GB")
        String countryCode) {}
