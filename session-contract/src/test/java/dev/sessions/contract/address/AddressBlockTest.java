package dev.sessions.contract.address;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The unit of the per-address limits. */
class AddressBlockTest {

    @Test
    void anIpv4AddressIsItself() {
        assertThat(AddressBlock.of("198.51.100.7")).isEqualTo("198.51.100.7");
    }

    @Test
    void anIpv6AddressIsItsSlash64() {
        assertThat(AddressBlock.of("2001:db8:1:2:aaaa:bbbb:cccc:dddd")).isEqualTo("2001:db8:1:2::/64");
        assertThat(AddressBlock.of("2001:db8:1:2::1")).isEqualTo(AddressBlock.of("2001:db8:1:2:ffff::9"));
        assertThat(AddressBlock.of("2001:db8:1:3::1")).isNotEqualTo(AddressBlock.of("2001:db8:1:2::1"));
        assertThat(AddressBlock.of("[2001:DB8:1:2::1]")).isEqualTo("2001:db8:1:2::/64");
    }

    @Test
    void anIpv4MappedAddressIsItsIpv4Address() {
        assertThat(AddressBlock.of("::ffff:198.51.100.7")).isEqualTo("198.51.100.7");
    }

    @Test
    void somethingElseStaysAsItIs() {
        assertThat(AddressBlock.of("not-an-address")).isEqualTo("not-an-address");
    }
}
