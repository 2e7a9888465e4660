package dev.sessions.e2e.attacks;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.sessions.e2e.E2eEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Both services (and the sample app, which trusts the X-Auth-* headers) accept connections on the loopback address
 * only: from the network, {@code /internal/*}, {@code /introspect}, {@code /check} and Swagger UI would bypass the
 * gateway (contract, "Limits and abuse").
 */
class LoopbackBindingIT {

    @ParameterizedTest
    @ValueSource(strings = {"E2E_AUTH_URL", "E2E_REGISTRY_URL", "E2E_APP_URL"})
    void serviceAnswersOnLoopbackOnlyNotOnTheMachinesNetworkAddress(String variable) throws IOException {
        int port = URI.create(E2eEnvironment.required(variable)).getPort();
        InetAddress external = networkAddress();

        try (Socket loopback = connect(InetAddress.getLoopbackAddress(), port)) {
            assertThat(loopback.isConnected()).isTrue();
        }
        assertThatThrownBy(() -> connect(external, port).close())
                .as("%s port %d on %s", variable, port, external.getHostAddress())
                .isInstanceOf(ConnectException.class);
    }

    private static Socket connect(InetAddress address, int port) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress(address, port), 3_000);
        return socket;
    }

    /** The machine's first non-loopback IPv4 address (what `hostname -I` lists first). */
    private static InetAddress networkAddress() throws SocketException {
        List<InetAddress> candidates = Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
                .filter(LoopbackBindingIT::isUp)
                .flatMap(nic -> Collections.list(nic.getInetAddresses()).stream())
                .filter(address -> address instanceof Inet4Address && !address.isLoopbackAddress())
                .toList();
        assertThat(candidates)
                .as("a network address of this machine to connect to")
                .isNotEmpty();
        return candidates.get(0);
    }

    private static boolean isUp(NetworkInterface nic) {
        try {
            return nic.isUp() && !nic.isLoopback();
        } catch (SocketException e) {
            return false;
        }
    }
}
