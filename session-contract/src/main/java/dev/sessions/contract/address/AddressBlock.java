package dev.sessions.contract.address;

import java.net.InetAddress;
import java.util.Arrays;

import io.netty.util.NetUtil;

/**
 * The unit a per-address limit counts: an IPv4 address itself, an IPv6 address by its /64 (one subscriber's network:
 * a client rotating through its own /64 is still one client), an IPv4-mapped IPv6 address as its IPv4 address.
 */
public final class AddressBlock {

    private static final int IPV6_PREFIX_BYTES = 8;

    private AddressBlock() {}

    /** The block of a client address, e.g. {@code 2001:db8:1:2::/64}; anything that is not an IP literal stays as it is. */
    public static String of(String address) {
        return IpLiteral.parse(address).map(AddressBlock::block).orElse(address);
    }

    private static String block(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (bytes.length == 4) {
            return IpLiteral.format(address);
        }
        byte[] network = Arrays.copyOf(Arrays.copyOf(bytes, IPV6_PREFIX_BYTES), 16);
        return NetUtil.bytesToIpAddress(network) + "/64";
    }
}
