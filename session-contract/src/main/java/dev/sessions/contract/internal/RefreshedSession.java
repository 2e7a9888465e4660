package dev.sessions.contract.internal;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Answer of {@code POST /internal/sessions/{sid}/refresh}. */
@Schema(name = "RefreshedSession")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RefreshedSession(
        String sessionId,
        String userId,
        Instant expiresAt,

        @Schema(
                description = "The account's roles as cached for its current epoch (ADR 6), read in the same "
                        + "step that found the account active; absent when none are cached, and the caller "
                        + "reads them itself.")
        List<String> roles) {}
