package dev.sessions.registry.geo;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The credit that the licence of the location data asks the console to show. */
@Schema(name = "Attribution", description = "Credit line the location data's licence asks for")
public record Attribution(
        @Schema(example = "IP Geolocation by DB-IP") String text,
        @Schema(example = "https://db-ip.com") String url) {}
