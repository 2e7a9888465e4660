package dev.sessions.auth.security;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.sessions.auth.config.AuthConfig;
import io.netty.util.NetUtil;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;

/**
 * The client's address: the direct peer, unless the peer is a trusted proxy, in which case the right-most
 * {@code X-Forwarded-For} entry that is not itself a trusted proxy.
 */
@ApplicationScoped
public class ClientAddressResolver {

    private final List<CidrRange> trusted;

    @Inject
    ClientAddressResolver(AuthConfig config) {
        this(config.trustedProxies());
    }

    /** A resolver trusting the given CIDR blocks. */
    public ClientAddressResolver(List<String> trustedProxies) {
        this.trusted = trustedProxies.stream().filter(s -> !s.isBlank()).map(CidrRange::parse).toList();
    }

    /** The client address of a request; null only when the connection has no IP peer. */
    public String resolve(HttpServerRequest request) {
        SocketAddress peer = request.remoteAddress();
        String peerHost = peer == null ? null : peer.hostAddress();
        return resolve(peerHost, request.headers().getAll("X-Forwarded-For"));
    }

    /** The client address from the peer's address and the {@code X-Forwarded-For} header lines. */
    public String resolve(String peer, List<String> forwardedFor) {
        String peerAddress = normalise(peer).orElse(null);
        if (peerAddress == null || !isTrusted(peerAddress) || forwardedFor == null || forwardedFor.isEmpty()) {
            return peerAddress;
        }
        List<String> hops = forwardedFor.stream()
                .flatMap(line -> Arrays.stream(line.split(",")))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .toList();
        String leftMostValid = null;
        for (int i = hops.size() - 1; i >= 0; i--) {
            Optional<String> hop = normalise(hops.get(i));
            if (hop.isEmpty()) {
                // An entry that is not an address was written by someone we do not trust: stop believing the chain.
                return leftMostValid != null ? leftMostValid : peerAddress;
            }
            if (!isTrusted(hop.get())) {
                return hop.get();
            }
            leftMostValid = hop.get();
        }
        return leftMostValid != null ? leftMostValid : peerAddress;
    }

    private boolean isTrusted(String address) {
        Optional<byte[]> bytes = CidrRange.toBytes(address);
        return bytes.isPresent() && trusted.stream().anyMatch(range -> range.contains(bytes.get()));
    }

    private static Optional<String> normalise(String address) {
        if (address == null) {
            return Optional.empty();
        }
        String text = address.trim();
        // some proxies append the port to IPv4 entries ("1.2.3.4:5678")
        int colon = text.indexOf(':');
        if (colon > 0 && text.indexOf(':', colon + 1) < 0) {
            text = text.substring(0, colon);
        }
        return CidrRange.toBytes(text).map(NetUtil::bytesToIpAddress);
    }
}
