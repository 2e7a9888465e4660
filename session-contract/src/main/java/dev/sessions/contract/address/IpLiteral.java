package dev.sessions.contract.address;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

import io.netty.util.NetUtil;

/**
 * IPv4 and IPv6 address literals: parsed without ever resolving a name, IPv4-mapped IPv6 addresses taken as IPv4,
 * written in their canonical short form (RFC 5952), so that one address is always spelled one way.
 */
public final class IpLiteral {

    private IpLiteral() {}

    /** The address of a literal (brackets and an IPv6 zone allowed), or empty for anything else. */
    public static Optional<InetAddress> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String value = text.strip();
        if (value.startsWith("[") && value.endsWith("]")) {
            value = value.substring(1, value.length() - 1);
        }
        int zone = value.indexOf('%');
        if (zone >= 0) {
            value = value.substring(0, zone);
        }
        byte[] bytes = NetUtil.createByteArrayFromIpAddressString(value);
        if (bytes == null) {
            return Optional.empty();
        }
        if (bytes.length == 16 && isIpv4Mapped(bytes)) {
            byte[] v4 = new byte[4];
            System.arraycopy(bytes, 12, v4, 0, 4);
            bytes = v4;
        }
        try {
            return Optional.of(InetAddress.getByAddress(bytes));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    /**
     * The address of an entry a proxy wrote, which may carry a port: {@code 1.2.3.4:5678} or {@code [2001:db8::1]:443}
     * as well as a bare literal.
     */
    public static Optional<InetAddress> parseWithPort(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String value = text.strip();
        if (value.startsWith("[")) {
            int close = value.indexOf(']');
            if (close > 0 && (close == value.length() - 1 || value.charAt(close + 1) == ':')) {
                return parse(value.substring(1, close));
            }
            return Optional.empty();
        }
        int colon = value.indexOf(':');
        if (colon > 0 && value.indexOf(':', colon + 1) < 0) {
            value = value.substring(0, colon);
        }
        return parse(value);
    }

    /** The canonical spelling: dotted quad, or RFC 5952 for IPv6 ({@code 2001:db8::1}). */
    public static String format(InetAddress address) {
        return NetUtil.bytesToIpAddress(address.getAddress());
    }

    /** The canonical spelling of a literal, or empty for anything else. */
    public static Optional<String> canonical(String text) {
        return parse(text).map(IpLiteral::format);
    }

    private static boolean isIpv4Mapped(byte[] bytes) {
        for (int i = 0; i < 10; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return bytes[10] == (byte) 0xFF && bytes[11] == (byte) 0xFF;
    }
}
