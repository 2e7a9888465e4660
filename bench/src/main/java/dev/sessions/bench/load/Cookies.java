package dev.sessions.bench.load;

import java.util.List;

/** Reads the refresh cookie out of Set-Cookie headers; a browser would, wrk cannot. */
final class Cookies {

    static final String REFRESH = "refresh_token";

    private Cookies() {}

    /** The value of the refresh_token cookie set by the answer, or null when it sets none (or clears it). */
    static String refreshToken(List<String> setCookies) {
        for (String header : setCookies) {
            String first = header.split(";", 2)[0].trim();
            if (first.startsWith(REFRESH + "=")) {
                String value = first.substring(REFRESH.length() + 1);
                return value.isEmpty() ? null : value;
            }
        }
        return null;
    }
}
