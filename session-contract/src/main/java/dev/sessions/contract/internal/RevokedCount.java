package dev.sessions.contract.internal;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** How many sessions a bulk revocation ended (internal and public answers alike). */
@Schema(name = "RevokedCount", description = "Number of sessions revoked")
public record RevokedCount(@Schema(example = "3") int revoked) {}
