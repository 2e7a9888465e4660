package dev.sessions.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TcpProxyTest {

    /**
     * A port of the kernel's range for the local ends of outgoing connections can be taken by one of them while a cut
     * proxy (or a stopped server) is away, and then cannot be listened on again: StoreOutageIT failed so in CI
     * ("Address already in use" when its proxy reopened).
     */
    @Test
    void portsAreBelowTheRangeThatOutgoingConnectionsTakeTheirOwnPortsFrom() throws IOException {
        int lowest = ephemeralRangeStart();
        for (int i = 0; i < 50; i++) {
            assertThat(TcpProxy.freePort()).isBetween(1024, lowest - 1);
        }
    }

    @Test
    void aCutProxyOpensOnItsPortAgainWhileOutgoingConnectionsComeAndGo() throws Exception {
        try (ServerSocket echo = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread server = daemon(() -> serveEcho(echo));
            TcpProxy proxy = new TcpProxy("127.0.0.1", echo.getLocalPort()).open();
            try {
                int port = proxy.port();
                assertThat(roundTrip(port, "before")).isEqualTo("before");

                proxy.cut();
                // while it is away, outgoing connections take local ports from the kernel's range, and may take any
                List<Socket> churn = new ArrayList<>();
                for (int i = 0; i < 200; i++) {
                    churn.add(new Socket("127.0.0.1", echo.getLocalPort()));
                }
                proxy.open();
                for (Socket s : churn) {
                    s.close();
                }

                assertThat(proxy.port()).isEqualTo(port);
                assertThat(roundTrip(port, "after")).isEqualTo("after");
            } finally {
                proxy.stop();
                server.interrupt();
            }
        }
    }

    private static Thread daemon(Runnable body) {
        Thread thread = new Thread(body);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static int ephemeralRangeStart() throws IOException {
        // read line by line: the file reports a size of 0, and a read by size stops short
        try (BufferedReader range = Files.newBufferedReader(Path.of("/proc/sys/net/ipv4/ip_local_port_range"))) {
            return Integer.parseInt(range.readLine().trim().split("\\s+")[0]);
        }
    }

    private static String roundTrip(int port, String text) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            out.write(text.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            byte[] answer = socket.getInputStream().readNBytes(text.length());
            return new String(answer, StandardCharsets.US_ASCII);
        }
    }

    private static void serveEcho(ServerSocket echo) {
        while (!echo.isClosed()) {
            try {
                Socket client = echo.accept();
                daemon(() -> {
                    try (client;
                            InputStream in = client.getInputStream();
                            OutputStream out = client.getOutputStream()) {
                        in.transferTo(out);
                    } catch (IOException ignored) {
                        // the client went away: nothing to echo
                    }
                });
            } catch (IOException closed) {
                return;
            }
        }
    }
}
