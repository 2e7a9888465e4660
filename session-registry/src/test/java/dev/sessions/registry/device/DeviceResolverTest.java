package dev.sessions.registry.device;

import java.time.Duration;
import java.util.Random;

import jakarta.inject.Inject;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.sessions.registry.support.TestEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/** Real User-Agent strings read the way a person would describe the device. */
@QuarkusTest
@WithTestResource(value = TestEnvironment.class, scope = TestResourceScope.GLOBAL)
class DeviceResolverTest {

    @Inject
    DeviceResolver devices;

    @ParameterizedTest(name = "{1} / {2} / {3}: {0}")
    @CsvSource(delimiter = '|', textBlock = """
            Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 | Computer | Windows | Chrome
            Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 Edg/120.0.2210.61 | Computer | Windows | Edge
            Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:121.0) Gecko/20100101 Firefox/121.0 | Computer | Windows | Firefox
            Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/119.0.0.0 Safari/537.36 OPR/105.0.0.0 | Computer | Windows | Opera
            Mozilla/5.0 (Windows NT 6.1; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/109.0.0.0 Safari/537.36 | Computer | Windows | Chrome
            Mozilla/5.0 (Windows NT 10.0; WOW64; Trident/7.0; rv:11.0) like Gecko | Computer | Windows | IE
            Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/118.0.0.0 YaBrowser/23.11.0.0 Safari/537.36 | Computer | Windows | Yandex Browser
            Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Safari/605.1.15 | Computer | macOS | Safari
            Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 | Computer | macOS | Chrome
            Mozilla/5.0 (Macintosh; Intel Mac OS X 14.1; rv:121.0) Gecko/20100101 Firefox/121.0 | Computer | macOS | Firefox
            Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 Edg/120.0.0.0 | Computer | macOS | Edge
            Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 OPR/106.0.0.0 | Computer | macOS | Opera
            Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0 | Computer | Linux | Firefox
            Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:109.0) Gecko/20100101 Firefox/115.0 | Computer | Linux | Firefox
            Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 | Computer | Linux | Chrome
            Mozilla/5.0 (X11; Fedora; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0 | Computer | Linux | Firefox
            Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/120.0.6099.71 Safari/537.36 | Computer | Linux | Chrome
            Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 | Computer | ChromeOS | Chrome
            Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1 | Smartphone | iOS | Safari
            Mozilla/5.0 (iPhone; CPU iPhone OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/16.6 Mobile/15E148 Safari/604.1 | Smartphone | iOS | Safari
            Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/120.0.6099.101 Mobile/15E148 Safari/604.1 | Smartphone | iOS | Chrome
            Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) FxiOS/121.0 Mobile/15E148 Safari/605.1.15 | Smartphone | iOS | Firefox
            Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) EdgiOS/120.0.2210.59 Mobile/15E148 Safari/605.1.15 | Smartphone | iOS | Edge
            Mozilla/5.0 (iPad; CPU OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1 | Tablet | iOS | Safari
            Mozilla/5.0 (iPad; CPU OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/120.0.6099.101 Mobile/15E148 Safari/604.1 | Tablet | iOS | Chrome
            Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.6099.43 Mobile Safari/537.36 | Smartphone | Android | Chrome
            Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36 | Smartphone | Android | Chrome
            Mozilla/5.0 (Linux; Android 13; SM-S911B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/23.0 Chrome/115.0.0.0 Mobile Safari/537.36 | Smartphone | Android | Samsung Internet
            Mozilla/5.0 (Linux; Android 13; SM-X700) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/23.0 Chrome/115.0.0.0 Safari/537.36 | Tablet | Android | Samsung Internet
            Mozilla/5.0 (Linux; Android 13; SM-X906C) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 | Tablet | Android | Chrome
            Mozilla/5.0 (Android 14; Mobile; rv:121.0) Gecko/121.0 Firefox/121.0 | Smartphone | Android | Firefox
            Mozilla/5.0 (Android 14; Tablet; rv:121.0) Gecko/121.0 Firefox/121.0 | Tablet | Android | Firefox
            Mozilla/5.0 (Linux; Android 10; VOG-L29) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/119.0.0.0 Mobile Safari/537.36 OPR/79.0.4195.76880 | Smartphone | Android | Opera
            Mozilla/5.0 (Linux; Android 10; HD1913) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.6099.43 Mobile Safari/537.36 EdgA/120.0.2210.84 | Smartphone | Android | Edge
            Mozilla/5.0 (Linux; Android 13; Pixel 7 Build/TQ3A.230805.001; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/116.0.0.0 Mobile Safari/537.36 | Smartphone | Android | Chrome
            Mozilla/5.0 (Linux; Android 12; SM-G991B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36 | Smartphone | Android | Chrome
            Mozilla/5.0 (Linux; Android 9; KFTRWI) AppleWebKit/537.36 (KHTML, like Gecko) Silk/119.3.1 like Chrome/119.0.6045.193 Safari/537.36 | Tablet | Android | Amazon Silk
            Mozilla/5.0 (Windows Phone 10.0; Android 6.0.1; Microsoft; Lumia 950) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/52.0.2743.116 Mobile Safari/537.36 Edge/15.15063 | Smartphone | Windows Phone | Edge
            Mozilla/5.0 (X11; CrOS aarch64 15633.69.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/119.0.6045.212 Safari/537.36 | Computer | ChromeOS | Chrome
            Mozilla/5.0 (X11; U; Gentoo Linux x86_64; pl-PL) Gecko/20101213 Firefox/62.0 | Computer | Linux | Firefox
            Mozilla/5.0 (Linux; Android 11; SM-T870) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36 | Tablet | Android | Chrome
            Mozilla/5.0 (Linux; Android 10; Lenovo TB-X606F) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/118.0.0.0 Mobile Safari/537.36 | Tablet | Android | Chrome
            Dalvik/2.1.0 (Linux; U; Android 10; ELE-L29 Build/HUAWEIELE-L29) | Smartphone | Android | Android
            Mozilla/5.0 (Windows 11.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/104.0.5112.102 Safari/537.36 OPRGX/104.0.4480.100 | Computer | Windows | Opera
            Mozilla/5.0 (Linux; Android 13; SM-S901B Build/TP1A.220624.014) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/114.0.5735.196 Mobile Safari/537.36 OPX/2.0 | Smartphone | Android | Opera
            Slack/4.33.90 CFNetwork/1410.0.3 Darwin/22.6.0 (x86_64) | Computer | macOS | Slack
            Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/24.0 Chrome/117.0.0.0 Safari/537.36 | Tablet | Android | Samsung Internet
            Mozilla/5.0 (Macintosh; U; PPC Mac OS X 10.4; en; rv:1.9.0.19) Gecko/2011091218 Camino/2.0.9 (like Firefox/3.0.19) | Computer | macOS | Camino
            Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html) | Unknown | Unknown | Unknown
            Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm) | Unknown | Unknown | Unknown
            Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; GPTBot/1.0; +https://openai.com/gptbot) | Unknown | Unknown | Unknown
            asdkjh qwe zzz | Unknown | Unknown | Unknown
            """)
    void readsTheDeviceLikeAPerson(String userAgent, String type, String os, String browser) {
        Device device = devices.resolveNow(userAgent);
        assertThat(device.type()).isEqualTo(type);
        assertThat(device.os()).isEqualTo(os);
        assertThat(device.browser()).isEqualTo(browser);
    }

    @Test
    void versionsAreDottedAndAbsentWhenUnknown() {
        Device chrome =
                devices.resolveNow("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
                        + "Chrome/120.0.0.0 Safari/537.36");
        assertThat(chrome.osVersion()).isEqualTo("10");
        assertThat(chrome.browserVersion()).isEqualTo("120.0.0");
        Device mac = devices.resolveNow(
                "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) "
                        + "Version/17.1 Safari/605.1.15");
        assertThat(mac.osVersion()).isEqualTo("10.15.7");
        assertThat(mac.browserVersion()).isEqualTo("17.1");
        assertThat(devices.resolveNow("asdkjh").browserVersion()).isNull();
    }

    @Test
    void emptyMissingAndOversizedUserAgentsAreUnknown() {
        byte[] noise = new byte[10 * 1024];
        new Random(42).nextBytes(noise);
        StringBuilder garbage = new StringBuilder();
        for (byte b : noise) {
            garbage.append((char) (' ' + Math.floorMod(b, 95)));
        }
        String tenKilobytesOfGarbage = garbage.toString();
        String tenKilobytesOfChrome =
                "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/120.0.0.0 " + "x".repeat(10 * 1024);
        for (String ua : new String[] {null, "", "   ", tenKilobytesOfGarbage, tenKilobytesOfChrome}) {
            assertThat(devices.resolveNow(ua)).isEqualTo(Device.unknown());
        }
    }

    @Test
    void resolvingTwiceGivesTheCachedAnswer() {
        String ua = "Mozilla/5.0 (X11; Linux x86_64; rv:122.0) Gecko/20100101 Firefox/122.0";
        Device first = devices.resolve(ua).await().atMost(Duration.ofSeconds(5));
        assertThat(devices.resolve(ua).await().atMost(Duration.ofSeconds(5))).isSameAs(first);
    }
}
