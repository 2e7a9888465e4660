package dev.sessions.registry.security;

import dev.sessions.registry.config.RegistryConfig;
import jakarta.enterprise.context.ApplicationScoped;

import java.net.InetAddress;
import java.util.List;

/**
 * The client address of a request: the direct peer, unless the peer is a trusted proxy, in which case the right-most
 * {@code X-Forwarded-For} entry that is not itself a trusted proxy.
 */
@ApplicationScoped
public class ClientAddressResolver {

    private final List<Cidr> trusted;

    ClientAddressResolver(RegistryConfig config) {
        this.trusted = config.trustedProxies().stream().filter(s -> !s.isBlank()).map(Cidr::parse).toList();
    }

    /**
     * @param peer          the address of the connection's other end
     * @param forwardedFor  the {@code X-Forwarded-For} header, or null
     * @return the client address, or null when the peer itself is unknown
     */
    public String resolve(String peer, String forwardedFor) {
        InetAddress peerAddress = Cidr.literal(peer);
        if (peerAddress == null) {
            return null;
        }
        String client = peerAddress.getHostAddress();
        if (!isTrusted(peerAddress) || forwardedFor == null || forwardedFor.isBlank()) {
            return client;
        }
        String[] hops = forwardedFor.split(",");
        for (int i = hops.length - 1; i >= 0; i--) {
            InetAddress hop = Cidr.literal(hops[i]);
            if (hop == null) {
                // a malformed entry ends the chain we can believe
                return client;
            }
            client = hop.getHostAddress();
            if (!isTrusted(hop)) {
                return client;
            }
        }
        return client;
    }

    private boolean isTrusted(InetAddress address) {
        return trusted.stream().anyMatch(block -> block.contains(address));
    }
}
