package dev.sessions.contract.address;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The contract's client-address rule behind trusted proxies, and CIDR matching: the cases of both services' former
 * resolvers (auth-service's and the registry's), which now share this one.
 */
class ClientAddressResolverTest {

    private final ClientAddressResolver resolver =
            new ClientAddressResolver(List.of("127.0.0.0/8", "::1", "10.0.0.0/8"));

    @ParameterizedTest(name = "peer {0}, X-Forwarded-For [{1}] -> {2}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            81.2.69.142 | -                          | 81.2.69.142
            81.2.69.142 | 1.2.3.4                    | 81.2.69.142
            127.0.0.1   | -                          | 127.0.0.1
            127.0.0.1   | 81.2.69.142                | 81.2.69.142
            127.0.0.1   | 6.6.6.6, 81.2.69.142       | 81.2.69.142
            127.0.0.1   | 81.2.69.142, 127.0.0.5     | 81.2.69.142
            ::1         | 8.8.8.8                    | 8.8.8.8
            127.0.0.1   | not-an-address             | 127.0.0.1
            127.0.0.1   | 81.2.69.142, garbage, 127.0.0.2 | 127.0.0.2
            -           | 81.2.69.142                | -
            """)
    void defaultTrustsOnlyLoopback(String peer, String forwardedFor, String expected) {
        assertThat(resolver("127.0.0.0/8,::1").resolve(peer, forwardedFor == null ? null : List.of(forwardedFor)))
                .isEqualTo(expected);
    }

    @ParameterizedTest(name = "peer {0}, X-Forwarded-For [{1}] -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
            10.0.0.7 | 81.2.69.142, 10.0.0.3  | 81.2.69.142
            10.0.0.7 | 10.0.0.9, 10.0.0.3     | 10.0.0.9
            8.8.8.8  | 81.2.69.142            | 8.8.8.8
            """)
    void privateNetworkProxiesCanBeTrusted(String peer, String forwardedFor, String expected) {
        assertThat(resolver("10.0.0.0/8").resolve(peer, List.of(forwardedFor))).isEqualTo(expected);
    }

    @Test
    void anUntrustedPeerIsTheClientWhateverItForwards() {
        assertThat(resolver.resolve("81.2.69.142", List.of("1.2.3.4"))).isEqualTo("81.2.69.142");
    }

    @Test
    void aTrustedPeerIsBelievedForTheRightMostUntrustedEntry() {
        assertThat(resolver.resolve("127.0.0.1", List.of("6.6.6.6, 81.2.69.142, 10.1.2.3")))
                .isEqualTo("81.2.69.142");
        assertThat(resolver.resolve("127.0.0.1", List.of("6.6.6.6", "81.2.69.142")))
                .isEqualTo("81.2.69.142");
    }

    @Test
    void aTrustedPeerWithoutForwardingIsItself() {
        assertThat(resolver.resolve("127.0.0.1", List.of())).isEqualTo("127.0.0.1");
        assertThat(resolver.resolve("::1", null)).isEqualTo("::1");
    }

    @Test
    void anOnlyTrustedChainGivesItsLeftMostEntry() {
        assertThat(resolver.resolve("127.0.0.1", List.of("10.0.0.7, 10.0.0.8"))).isEqualTo("10.0.0.7");
    }

    @Test
    void garbageInTheChainIsNeverTakenForAnAddress() {
        assertThat(resolver.resolve("127.0.0.1", List.of("evil.example.com, 10.0.0.8")))
                .isEqualTo("10.0.0.8");
        assertThat(resolver.resolve("127.0.0.1", List.of("<script>"))).isEqualTo("127.0.0.1");
    }

    @Test
    void portsAndIpv4MappedAddressesAreNormalised() {
        assertThat(resolver.resolve("127.0.0.1", List.of("81.2.69.142:5555"))).isEqualTo("81.2.69.142");
        assertThat(resolver.resolve("::ffff:127.0.0.1", List.of("2001:db8::1"))).isEqualTo("2001:db8::1");
        assertThat(resolver.resolve("127.0.0.1", List.of("[2001:db8::1]:443"))).isEqualTo("2001:db8::1");
    }

    @Test
    void ipv6AddressesAreWrittenOneWay() {
        // the registry used to answer 0:0:0:0:0:0:0:1 where auth-service answered ::1 for the same peer
        assertThat(resolver.resolve("0:0:0:0:0:0:0:1", null)).isEqualTo("::1");
        assertThat(resolver.resolve("::1", List.of("2001:DB8:0:0:0:0:0:1"))).isEqualTo("2001:db8::1");
    }

    @Test
    void cidrBlocksMatchByPrefix() {
        Cidr block = Cidr.parse("192.168.0.0/23");
        assertThat(block.contains(IpLiteral.parse("192.168.1.255").orElseThrow()))
                .isTrue();
        assertThat(block.contains(IpLiteral.parse("192.168.2.0").orElseThrow())).isFalse();
        assertThat(block.contains(IpLiteral.parse("::1").orElseThrow())).isFalse();
        assertThat(IpLiteral.parse("localhost")).isEmpty();
        assertThatThrownBy(() -> Cidr.parse("10.0.0.0/33")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Cidr.parse("example.com/8")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void literalsAreNeverResolvedAsNames() {
        assertThat(IpLiteral.parse("256.1.1.1")).isEmpty();
        assertThat(IpLiteral.parse("1.2.3")).isEmpty();
        assertThat(IpLiteral.parse("example.com")).isEmpty();
        assertThat(IpLiteral.canonical("::ffff:198.51.100.7")).contains("198.51.100.7");
    }

    private static ClientAddressResolver resolver(String trusted) {
        return new ClientAddressResolver(Arrays.asList(trusted.split(",")));
    }
}
