package dev.sessions.auth.config;

import jakarta.ws.rs.core.Application;

import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeIn;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.security.SecuritySchemes;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The OpenAPI document's header and the two ways callers authenticate. */
@OpenAPIDefinition(
        info =
                @Info(
                        title = "auth-service",
                        version = "1.0.0",
                        description =
                                "Sign-in, short-lived JWT access tokens, a rotating refresh cookie with reuse detection, "
                                        + "users and admin actions. Errors are application/problem+json (RFC 9457)."),
        tags = {
            @Tag(name = "Sessions", description = "Sign-in, refresh and sign-out"),
            @Tag(name = "Account", description = "Registration and password"),
            @Tag(name = "Admin", description = "User administration (role admin)"),
            @Tag(name = "Keys", description = "Public keys that verify access tokens")
        })
@SecuritySchemes({
    @SecurityScheme(
            securitySchemeName = OpenApiDefinition.BEARER,
            type = SecuritySchemeType.HTTP,
            scheme = "bearer",
            bearerFormat = "JWT",
            description = "Access token from /auth/login or /auth/refresh"),
    @SecurityScheme(
            securitySchemeName = OpenApiDefinition.REFRESH_COOKIE,
            type = SecuritySchemeType.APIKEY,
            in = SecuritySchemeIn.COOKIE,
            apiKeyName = "refresh_token",
            description = "HttpOnly refresh cookie set by /auth/login and rotated by /auth/refresh (Path=/auth)")
})
public class OpenApiDefinition extends Application {

    /** Name of the bearer security scheme. */
    public static final String BEARER = "bearer";
    /** Name of the refresh-cookie security scheme. */
    public static final String REFRESH_COOKIE = "refreshCookie";
}
