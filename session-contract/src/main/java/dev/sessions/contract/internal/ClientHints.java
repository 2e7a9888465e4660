package dev.sessions.contract.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.function.UnaryOperator;

import jakarta.validation.constraints.Size;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The User-Agent Client Hints a browser sent with a sign-in or refresh, as received (structured-field text), for the
 * registry to read the device from where they say more than the User-Agent. Each is absent when not sent.
 */
@Schema(name = "ClientHints", description = "User-Agent Client Hints as the browser sent them")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ClientHints(
        @Schema(description = "Sec-CH-UA") @Size(max = MAX_LENGTH)
        String brands,

        @Schema(description = "Sec-CH-UA-Mobile (?1 or ?0)") @Size(max = MAX_LENGTH)
        String mobile,

        @Schema(description = "Sec-CH-UA-Platform") @Size(max = MAX_LENGTH)
        String platform,

        @Schema(description = "Sec-CH-UA-Platform-Version") @Size(max = MAX_LENGTH)
        String platformVersion,

        @Schema(description = "Sec-CH-UA-Model") @Size(max = MAX_LENGTH)
        String model,

        @Schema(description = "Sec-CH-UA-Full-Version-List") @Size(max = MAX_LENGTH)
        String fullVersionList) {

    /** The longest value passed on; a longer one is left out, as an over-long User-Agent is. */
    public static final int MAX_LENGTH = 512;

    public static final String BRANDS = "Sec-CH-UA";
    public static final String MOBILE = "Sec-CH-UA-Mobile";
    public static final String PLATFORM = "Sec-CH-UA-Platform";
    public static final String PLATFORM_VERSION = "Sec-CH-UA-Platform-Version";
    public static final String MODEL = "Sec-CH-UA-Model";
    public static final String FULL_VERSION_LIST = "Sec-CH-UA-Full-Version-List";

    /** The hints among a request's headers ({@code header} answers a header's value or null); null when there are none. */
    public static ClientHints from(UnaryOperator<String> header) {
        ClientHints hints = new ClientHints(
                kept(header.apply(BRANDS)),
                kept(header.apply(MOBILE)),
                kept(header.apply(PLATFORM)),
                kept(header.apply(PLATFORM_VERSION)),
                kept(header.apply(MODEL)),
                kept(header.apply(FULL_VERSION_LIST)));
        return hints.isEmpty() ? null : hints;
    }

    /** Whether no hint was sent (not a JSON property). */
    @JsonIgnore
    public boolean isEmpty() {
        return brands == null
                && mobile == null
                && platform == null
                && platformVersion == null
                && model == null
                && fullVersionList == null;
    }

    /**
     * A short digest of a User-Agent and these hints (72 bits, base64url): the registry keeps it beside the device it
     * read from them, so that auth-service's next refresh can tell whether the device needs reading again (ADR 19)
     * without the registry. Not a secret and not a proof: equal digests only spare a re-read of the same headers. Null
     * when a refresh with these headers does not read the device again (no hints, or no User-Agent).
     */
    public static String digest(String userAgent, ClientHints hints) {
        if (userAgent == null || hints == null || hints.isEmpty()) {
            return null;
        }
        StringBuilder text = new StringBuilder(String.valueOf(userAgent));
        for (String hint : new String[] {
            hints.brands, hints.mobile, hints.platform, hints.platformVersion, hints.model, hints.fullVersionList
        }) {
            text.append('\n').append(hint == null ? "" : hint);
        }
        try {
            byte[] sum =
                    MessageDigest.getInstance("SHA-256").digest(text.toString().getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(sum, 9));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String kept(String value) {
        return value == null || value.isBlank() || value.length() > MAX_LENGTH ? null : value.strip();
    }
}
