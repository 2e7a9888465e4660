package dev.sessions.registry.config;

import jakarta.ws.rs.core.Application;

import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.info.License;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.security.SecuritySchemes;

import dev.sessions.contract.internal.InternalSessionApi;

/** The OpenAPI document's header and its security schemes. */
@OpenAPIDefinition(
        info =
                @Info(
                        title = "session-registry",
                        version = "1.0.0",
                        description = "Live sessions with device and location, immediate revocation on every instance, "
                                + "the gateway's per-request check and a session history that loses nothing.",
                        license = @License(name = "Proprietary")))
@SecuritySchemes({
    @SecurityScheme(
            securitySchemeName = "bearer",
            type = SecuritySchemeType.HTTP,
            scheme = "bearer",
            bearerFormat = "JWT",
            description = "Access token from auth-service (POST /auth/login or /auth/refresh)"),
    @SecurityScheme(
            securitySchemeName = InternalSessionApi.SECURITY_SCHEME,
            type = SecuritySchemeType.HTTP,
            scheme = "bearer",
            description = "The shared internal credential internal.api-token (INTERNAL_API_TOKEN)"),
    @SecurityScheme(
            securitySchemeName = "introspectionClient",
            type = SecuritySchemeType.HTTP,
            scheme = "basic",
            description = "An introspection client's name and secret (registry.introspection.clients), RFC 7662 §2.1")
})
public class RegistryApplication extends Application {}
