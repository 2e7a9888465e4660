package dev.sessions.auth.token;

import java.util.List;

/** Who an access token is for: the user, their session and roles. */
public record TokenSubject(String userId, String sessionId, String email, List<String> roles) {}
