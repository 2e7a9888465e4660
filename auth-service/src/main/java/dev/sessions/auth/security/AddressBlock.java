package dev.sessions.auth.security;

import java.util.Arrays;

import io.netty.util.NetUtil;

/**
 * The unit a per-address limit counts: an IPv4 address itself, an IPv6 address by its /64 (one subscriber's network:
 * a client rotating through its own /64 is still one client), an IPv4-mapped IPv6 address as its IPv4 address.
 */
public final class AddressBlock {

    private static final int IPV6_PREFIX_BYTES = 8;

    private AddressBlock() {
    }

    /** The block of a client address, e.g. {@code 2001:db8:1:2::/64}; anything that is not an IP literal stays as it is. */
    public static String of(String address) {
        return CidrRange.toBytes(address)
                .map(bytes -> bytes.length == 4 ? NetUtil.bytesToIpAddress(bytes)
                        : NetUtil.bytesToIpAddress(Arrays.copyOf(Arrays.copyOf(bytes, IPV6_PREFIX_BYTES), 16)) + "/64")
                .orElse(address);
    }
}
