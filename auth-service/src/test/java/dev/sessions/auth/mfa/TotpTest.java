package dev.sessions.auth.mfa;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.sessions.auth.support.TotpCodes;

import static org.assertj.core.api.Assertions.assertThat;

/** TOTP against RFC 6238's SHA1 test vectors, against oathtool, and the ±1 step window. */
class TotpTest {

    /** RFC 6238 appendix B's SHA1 seed: the ASCII digits "1234567890" twice. */
    private static final byte[] RFC_SEED = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);

    @ParameterizedTest
    @CsvSource({
        "59, 94287082",
        "1111111109, 07081804",
        "1111111111, 14050471",
        "1234567890, 89005924",
        "2000000000, 69279037",
        "20000000000, 65353130"
    })
    void sixDigitCodesAreTheLastSixDigitsOfTheRfcVectors(long unixTime, String eightDigits) {
        // RFC 6238 lists 8-digit codes; a 6-digit code is the same truncated value modulo 10^6 (RFC 4226 5.3)
        long step = Totp.step(Instant.ofEpochSecond(unixTime));

        assertThat(Totp.code(RFC_SEED, step)).isEqualTo(eightDigits.substring(2));
    }

    @Test
    void codesAgreeWithOathtool() throws IOException, InterruptedException {
        String secret = Base32.encode("a secret of twenty b".getBytes(StandardCharsets.US_ASCII));
        for (long unixTime : new long[] {59, 1_111_111_109L, 1_700_000_000L, 1_796_000_017L}) {
            Process oathtool = new ProcessBuilder(
                            "oathtool", "--totp", "--digits=6", "--base32", "--now=@" + unixTime, secret)
                    .redirectErrorStream(true)
                    .start();
            assertThat(oathtool.waitFor(10, TimeUnit.SECONDS)).isTrue();
            String expected = new String(oathtool.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
            assertThat(oathtool.exitValue()).as(expected).isZero();

            assertThat(Totp.code(TotpCodes.decode(secret), Totp.step(Instant.ofEpochSecond(unixTime))))
                    .as("at %d", unixTime)
                    .isEqualTo(expected);
        }
    }

    @Test
    void oneStepOfDriftEitherWayIsAcceptedAndNoMore() {
        Instant now = Instant.ofEpochSecond(1_796_000_017L);
        long step = Totp.step(now);

        assertThat(Totp.matchingStep(RFC_SEED, Totp.code(RFC_SEED, step), now)).hasValue(step);
        assertThat(Totp.matchingStep(RFC_SEED, Totp.code(RFC_SEED, step - 1), now))
                .hasValue(step - 1);
        assertThat(Totp.matchingStep(RFC_SEED, Totp.code(RFC_SEED, step + 1), now))
                .hasValue(step + 1);
        assertThat(Totp.matchingStep(RFC_SEED, Totp.code(RFC_SEED, step - 2), now))
                .isEmpty();
        assertThat(Totp.matchingStep(RFC_SEED, Totp.code(RFC_SEED, step + 2), now))
                .isEmpty();
    }

    @Test
    void anythingButSixDigitsNeverMatches() {
        Instant now = Instant.ofEpochSecond(59);

        assertThat(Totp.matchingStep(RFC_SEED, "94287082", now)).isEmpty();
        assertThat(Totp.matchingStep(RFC_SEED, "2870８2", now)).isEmpty();
        assertThat(Totp.matchingStep(RFC_SEED, "", now)).isEmpty();
        assertThat(Totp.matchingStep(RFC_SEED, null, now)).isEmpty();
        assertThat(Totp.matchingStep(RFC_SEED, "287082", now)).hasValue(1);
    }

    @Test
    void secretsAreBase32AsRfc4648SaysWithoutPadding() {
        assertThat(Base32.encode("f".getBytes(StandardCharsets.US_ASCII))).isEqualTo("MY");
        assertThat(Base32.encode("foob".getBytes(StandardCharsets.US_ASCII))).isEqualTo("MZXW6YQ");
        assertThat(Base32.encode("foobar".getBytes(StandardCharsets.US_ASCII))).isEqualTo("MZXW6YTBOI");
        assertThat(TotpCodes.decode("MZXW6YTBOI")).isEqualTo("foobar".getBytes(StandardCharsets.US_ASCII));
    }
}
