package dev.sessions.auth.session;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Wire bodies of sign-in and refresh. */
public final class SessionMessages {

    private SessionMessages() {}

    /** Body of {@code POST /auth/login}. */
    @Schema(name = "LoginRequest", description = "Credentials")
    public record LoginRequest(
            @Schema(description = "Email address (any case), at most 320 characters", example = "ada@example.com")
            String email,

            @Schema(description = "Password", example = "correct horse battery")
            String password,

            @Schema(
                    description =
                            "Keep the session (and the cookie) for auth.session.max-lifetime instead of the browser session",
                    defaultValue = "false")
            Boolean rememberMe) {}

    /** The signed-in user, as the token body carries them. */
    @Schema(name = "TokenUser", description = "The signed-in user")
    public record TokenUser(
            @Schema(example = "4f1c7d3e-5a7b-4c1e-9a53-1f2a3b4c5d6e")
            String id,

            @Schema(example = "ada@example.com") String email,
            @Schema(example = "Ada Lovelace") String displayName,
            @Schema(example = "[\"user\"]") List<String> roles) {}

    /** Answer of sign-in and refresh. */
    @Schema(name = "TokenResponse", description = "A fresh access token; the refresh token travels only in the cookie")
    public record TokenResponse(
            @Schema(
                    description = "Signed JWT (EdDSA with an Ed25519 key; ES256 or RS256 with such a key)",
                    example = "eyJhbGciOiJFZERTQSIsImtpZCI6Ii4uLiJ9...")
            String accessToken,

            @Schema(description = "Always Bearer", example = "Bearer")
            String tokenType,

            @Schema(description = "Seconds until the access token expires", example = "900")
            long expiresIn,

            @Schema(description = "Id of the session", example = "q2X9v5mB7kP0aR3sT6uW8y")
            String sessionId,

            @Schema(description = "The user") TokenUser user) {}
}
