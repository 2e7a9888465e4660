package dev.sessions.auth.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The client address behind trusted proxies, and CIDR matching. */
class ClientAddressResolverTest {

    private final ClientAddressResolver resolver = new ClientAddressResolver(List.of("127.0.0.0/8", "::1", "10.0.0.0/8"));

    @Test
    void anUntrustedPeerIsTheClientWhateverItForwards() {
        assertThat(resolver.resolve("81.2.69.142", List.of("1.2.3.4"))).isEqualTo("81.2.69.142");
    }

    @Test
    void aTrustedPeerIsBelievedForTheRightMostUntrustedEntry() {
        assertThat(resolver.resolve("127.0.0.1", List.of("6.6.6.6, 81.2.69.142, 10.1.2.3"))).isEqualTo("81.2.69.142");
        assertThat(resolver.resolve("127.0.0.1", List.of("6.6.6.6", "81.2.69.142"))).isEqualTo("81.2.69.142");
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
        assertThat(resolver.resolve("127.0.0.1", List.of("evil.example.com, 10.0.0.8"))).isEqualTo("10.0.0.8");
        assertThat(resolver.resolve("127.0.0.1", List.of("<script>"))).isEqualTo("127.0.0.1");
    }

    @Test
    void portsAndIpv4MappedAddressesAreNormalised() {
        assertThat(resolver.resolve("127.0.0.1", List.of("81.2.69.142:5555"))).isEqualTo("81.2.69.142");
        assertThat(resolver.resolve("::ffff:127.0.0.1", List.of("2001:db8::1"))).isEqualTo("2001:db8::1");
    }

    @Test
    void cidrBlocksMatchByPrefix() {
        CidrRange block = CidrRange.parse("192.168.0.0/23");
        assertThat(block.contains(CidrRange.toBytes("192.168.1.255").orElseThrow())).isTrue();
        assertThat(block.contains(CidrRange.toBytes("192.168.2.0").orElseThrow())).isFalse();
        assertThat(block.contains(CidrRange.toBytes("::1").orElseThrow())).isFalse();
        assertThat(CidrRange.toBytes("localhost")).isEmpty();
        assertThatThrownBy(() -> CidrRange.parse("10.0.0.0/33")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CidrRange.parse("example.com/8")).isInstanceOf(IllegalArgumentException.class);
    }
}
