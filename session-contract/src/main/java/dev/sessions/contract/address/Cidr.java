package dev.sessions.contract.address;

import java.net.InetAddress;

/** An address block such as {@code 10.0.0.0/8} or {@code fc00::/7}, or a single address (a block of one). */
public final class Cidr {

    private final byte[] network;
    private final int prefix;

    private Cidr(byte[] network, int prefix) {
        this.network = network;
        this.prefix = prefix;
    }

    /** Parses {@code address/prefix} or a bare address; throws {@link IllegalArgumentException} when malformed. */
    public static Cidr parse(String text) {
        String value = text.strip();
        int slash = value.indexOf('/');
        byte[] network = IpLiteral.parse(slash < 0 ? value : value.substring(0, slash))
                .orElseThrow(() -> new IllegalArgumentException("not an address block: " + text))
                .getAddress();
        int bits = network.length * 8;
        int prefix;
        try {
            prefix = slash < 0 ? bits : Integer.parseInt(value.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not an address block: " + text, e);
        }
        if (prefix < 0 || prefix > bits) {
            throw new IllegalArgumentException("prefix out of range: " + text);
        }
        return new Cidr(network, prefix);
    }

    /** Whether the address lies in this block (an address of the other family never does). */
    public boolean contains(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (bytes.length != network.length) {
            return false;
        }
        int full = prefix / 8;
        for (int i = 0; i < full; i++) {
            if (bytes[i] != network[i]) {
                return false;
            }
        }
        int rest = prefix % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xFF << (8 - rest)) & 0xFF;
        return (bytes[full] & mask) == (network[full] & mask);
    }
}
