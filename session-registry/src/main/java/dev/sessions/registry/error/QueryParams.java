package dev.sessions.registry.error;

import jakarta.ws.rs.core.Response;

/** Numeric query parameters read by hand, so that a malformed one is a 400 problem (JAX-RS would answer 404). */
public final class QueryParams {

    private QueryParams() {}

    /** The value as an integer of at least {@code min}, or null when absent. */
    public static Integer integer(String name, String value, int min) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            int parsed = Integer.parseInt(value.strip());
            if (parsed >= min) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // answered below, like a number out of range
        }
        throw Problems.problem(Response.Status.BAD_REQUEST, name + " must be a whole number of at least " + min + ".");
    }
}
