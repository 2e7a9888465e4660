package dev.sessions.contract.internal;

import java.time.Instant;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Body of {@code POST /internal/sessions/{sid}/refresh}. */
@Schema(name = "RefreshSessionRequest")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RefreshSessionRequest(
        @Size(max = 64) String ipAddress, @NotNull Instant expiresAt) {}
