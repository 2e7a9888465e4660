package dev.sessions.contract.address;

import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;

/**
 * The contract's client-address rule: the direct peer, unless the peer is a trusted proxy, in which case the
 * right-most {@code X-Forwarded-For} entry that is not itself a trusted proxy. Every header line counts (a proxy may
 * add its own line rather than extend the last one), ports that proxies append are dropped, and an entry that is
 * not an address ends the part of the chain that can be believed.
 */
public final class ClientAddressResolver {

    /** The header trusted proxies write. */
    public static final String FORWARDED_FOR = "X-Forwarded-For";

    private final List<Cidr> trusted;

    /** A resolver believing the peers in these CIDR blocks (blank entries ignored). */
    public ClientAddressResolver(List<String> trustedProxies) {
        this.trusted = trustedProxies.stream()
                .filter(s -> !s.isBlank())
                .map(Cidr::parse)
                .toList();
    }

    /** The client address of a request; null only when the connection has no IP peer. */
    public String resolve(HttpServerRequest request) {
        SocketAddress peer = request.remoteAddress();
        return resolve(
                peer == null ? null : peer.hostAddress(), request.headers().getAll(FORWARDED_FOR));
    }

    /** The client address from the peer's address and the {@code X-Forwarded-For} header lines (null: none). */
    public String resolve(String peer, List<String> forwardedFor) {
        Optional<InetAddress> peerAddress = IpLiteral.parseWithPort(peer);
        if (peerAddress.isEmpty()) {
            return null;
        }
        String client = IpLiteral.format(peerAddress.get());
        if (!isTrusted(peerAddress.get()) || forwardedFor == null) {
            return client;
        }
        List<String> hops = forwardedFor.stream()
                .filter(line -> line != null)
                .flatMap(line -> Arrays.stream(line.split(",")))
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .toList();
        for (int i = hops.size() - 1; i >= 0; i--) {
            Optional<InetAddress> hop = IpLiteral.parseWithPort(hops.get(i));
            if (hop.isEmpty()) {
                // written by someone we do not trust: the chain is believable only up to here
                return client;
            }
            client = IpLiteral.format(hop.get());
            if (!isTrusted(hop.get())) {
                return client;
            }
        }
        return client;
    }

    private boolean isTrusted(InetAddress address) {
        return trusted.stream().anyMatch(block -> block.contains(address));
    }
}
