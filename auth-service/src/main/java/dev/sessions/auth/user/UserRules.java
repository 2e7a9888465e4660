package dev.sessions.auth.user;

import java.util.regex.Pattern;

import dev.sessions.auth.error.Problems;

/** The rules an email, a password and a display name must follow; a breach is a 400 that says which rule. */
public final class UserRules {

    /** Longest accepted email (RFC 5321 path limit). */
    public static final int MAX_EMAIL = 320;
    /** Shortest accepted password (the contract's policy). */
    public static final int MIN_PASSWORD = 10;
    /** Longest accepted password: argon2 takes any length, but the body limit and hashing time should stay bounded. */
    public static final int MAX_PASSWORD = 1024;
    /** Longest accepted display name. */
    public static final int MAX_DISPLAY_NAME = 200;

    private static final Pattern EMAIL = Pattern.compile("[^@\\s\\p{Cntrl}]+@[^@\\s\\p{Cntrl}]+\\.[^@\\s\\p{Cntrl}]+");
    private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");

    private UserRules() {}

    /** The trimmed email, or 400. */
    public static String email(String email) {
        if (email == null || email.isBlank()) {
            throw Problems.badRequest("email is required.");
        }
        String trimmed = email.trim();
        if (trimmed.length() > MAX_EMAIL) {
            throw Problems.badRequest("email must be at most " + MAX_EMAIL + " characters.");
        }
        if (!EMAIL.matcher(trimmed).matches()) {
            throw Problems.badRequest("email must be an address such as name@example.com.");
        }
        return trimmed;
    }

    /** The password if it meets the policy, or 400. */
    public static String newPassword(String password, String field) {
        if (password == null || password.codePointCount(0, password.length()) < MIN_PASSWORD) {
            throw Problems.badRequest(field + " must be at least " + MIN_PASSWORD + " characters.");
        }
        if (password.length() > MAX_PASSWORD) {
            throw Problems.badRequest(field + " must be at most " + MAX_PASSWORD + " characters.");
        }
        return password;
    }

    /** The trimmed display name, or 400. */
    public static String displayName(String displayName) {
        if (displayName == null || displayName.isBlank()) {
            throw Problems.badRequest("displayName is required.");
        }
        String trimmed = displayName.trim();
        if (trimmed.length() > MAX_DISPLAY_NAME) {
            throw Problems.badRequest("displayName must be at most " + MAX_DISPLAY_NAME + " characters.");
        }
        if (CONTROL.matcher(trimmed).find()) {
            throw Problems.badRequest("displayName must not contain control characters.");
        }
        return trimmed;
    }
}
