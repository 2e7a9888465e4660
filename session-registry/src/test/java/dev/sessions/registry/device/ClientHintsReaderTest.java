package dev.sessions.registry.device;

import org.junit.jupiter.api.Test;

import dev.sessions.contract.internal.ClientHints;

import static org.assertj.core.api.Assertions.assertThat;

/** Client hints correct what Chrome's reduced User-Agent hides, and leave alone what they do not say. */
class ClientHintsReaderTest {

    private static final DeviceResolver DEVICES = new DeviceResolver(100, 1024);
    private static final String REDUCED_ANDROID = "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 "
            + "(KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36";
    private static final String REDUCED_WINDOWS = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
            + "(KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36";
    private static final String REDUCED_MAC = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 "
            + "(KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36";
    private static final String CHROME_BRANDS =
            "\"Not_A Brand\";v=\"8.0.0.0\", \"Chromium\";v=\"120.0.6099.109\", \"Google Chrome\";v=\"120.0.6099.109\"";

    private static Device read(String ua, ClientHints hints) {
        return ClientHintsReader.apply(DEVICES.resolveNow(ua), hints);
    }

    @Test
    void aTabletModelWinsOverTheMobileTokenAndTheFullVersionOverTheFrozenOne() {
        Device device = read(
                REDUCED_ANDROID,
                new ClientHints(null, "?1", "\"Android\"", "\"14.0.0\"", "\"SM-X710\"", CHROME_BRANDS));
        assertThat(device).isEqualTo(new Device("Tablet", "Android", "14", "Chrome", "120.0.6099.109"));
    }

    @Test
    void androidSayingNotMobileIsATabletAndMobileAPhone() {
        assertThat(read(REDUCED_ANDROID, new ClientHints(null, "?0", "\"Android\"", null, "\"\"", null))
                        .type())
                .isEqualTo("Tablet");
        assertThat(read(REDUCED_ANDROID, new ClientHints(null, "?1", "\"Android\"", null, "\"Pixel 8\"", null))
                        .type())
                .isEqualTo("Smartphone");
    }

    @Test
    void windowsElevenAndTheRealMacOsVersionShowThrough() {
        assertThat(read(REDUCED_WINDOWS, new ClientHints(null, "?0", "\"Windows\"", "\"15.0.0\"", null, null)))
                .isEqualTo(new Device("Computer", "Windows", "11", "Chrome", "120.0.0"));
        assertThat(read(REDUCED_WINDOWS, new ClientHints(null, "?0", "\"Windows\"", "\"10.0.0\"", null, null))
                        .osVersion())
                .isEqualTo("10");
        assertThat(read(REDUCED_MAC, new ClientHints(null, "?0", "\"macOS\"", "\"14.2.1\"", null, null))
                        .osVersion())
                .isEqualTo("14.2.1");
        assertThat(read(REDUCED_MAC, new ClientHints(null, "?0", "\"macOS\"", "\"14.0.0\"", null, null))
                        .osVersion())
                .isEqualTo("14");
    }

    @Test
    void theBrowsersOwnBrandWinsOverTheEngine() {
        String edge = "\"Not_A Brand\";v=\"8\", \"Chromium\";v=\"120\", \"Microsoft Edge\";v=\"120\"";
        assertThat(read(REDUCED_WINDOWS, new ClientHints(edge, null, null, null, null, null)))
                .extracting(Device::browser, Device::browserVersion)
                .containsExactly("Edge", "120");
        String operaFull =
                "\"Opera GX\";v=\"106.0.4998.28\", \"Chromium\";v=\"120.0.6099.130\", \"Not?A_Brand\";v=\"24\"";
        assertThat(read(REDUCED_WINDOWS, new ClientHints(null, null, null, null, null, operaFull)))
                .extracting(Device::browser, Device::browserVersion)
                .containsExactly("Opera", "106.0.4998.28");
    }

    @Test
    void hintsThatSayNothingOrNonsenseLeaveTheUserAgentsReading() {
        Device plain = DEVICES.resolveNow(REDUCED_WINDOWS);
        assertThat(ClientHintsReader.apply(plain, null)).isSameAs(plain);
        assertThat(read(
                        REDUCED_WINDOWS,
                        new ClientHints(
                                "garbage", "?maybe", "\"Plan 9\"", "\"x.y\"", null, "\"Not A;Brand\";v=\"99\"")))
                .isEqualTo(plain);
        assertThat(read(REDUCED_WINDOWS, new ClientHints(null, null, "\"Windows\"", "\"not a version\"", null, null)))
                .isEqualTo(plain);
    }

    @Test
    void onlyTheHintsARequestCarriesAreKeptAndOverlongOnesAreDropped() {
        assertThat(ClientHints.from(name -> null)).isNull();
        ClientHints hints = ClientHints.from(name -> switch (name) {
            case ClientHints.PLATFORM -> " \"Android\" ";
            case ClientHints.MODEL -> "x".repeat(ClientHints.MAX_LENGTH + 1);
            default -> null;
        });
        assertThat(hints).isEqualTo(new ClientHints(null, null, "\"Android\"", null, null, null));
    }
}
