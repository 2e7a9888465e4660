package dev.sessions.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;

/**
 * A TCP forwarder between a service and PostgreSQL or Redis that a test can break the ways servers and networks break:
 * {@link #cut()} (a server killed: no new connections, open ones dropped) and {@link #open()} again on the same port;
 * {@link #freeze()} (a server stopped with SIGSTOP: connections stay open, nothing is delivered either way) and
 * {@link #thaw()}; {@link #delayReplies(Duration)} (a slow link from the server); {@link #stallSubscribers(boolean)}
 * (only Redis connections that subscribed stop receiving).
 */
public final class TcpProxy {

    /**
     * Above the ports of the stacks' servers (8080-8090, 18080.. for the e2e stacks, PostgreSQL, Redis, MailDev), below
     * the ones that start at 27000 (the cluster module tests' node, the e2e clusters' bus ports at 28091.., chaos).
     */
    private static final int LOWEST_PORT = 20_000;

    private static final int HIGHEST_PORT = 26_999;

    private final Vertx vertx = Vertx.vertx();
    private final Set<NetSocket> sockets = ConcurrentHashMap.newKeySet();
    private final Set<Relay> subscriberRelays = ConcurrentHashMap.newKeySet();
    private final List<Map.Entry<NetSocket, Buffer>> frozen = new ArrayList<>();
    private final String targetHost;
    private final int targetPort;
    private final int port;
    private NetServer server;
    private boolean freezing;
    private long frozenBytesFromClient;
    private volatile long replyDelayMs;
    private volatile boolean subscribersStalled;

    public TcpProxy(String targetHost, int targetPort) {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.port = freePort();
    }

    /** The loopback port it listens on (the same after a {@link #cut()} and {@link #open()}). */
    public int port() {
        return port;
    }

    /** Starts forwarding. */
    public synchronized TcpProxy open() {
        NetServer listening = vertx.createNetServer().connectHandler(this::forward);
        await(listening.listen(port, "127.0.0.1"));
        server = listening;
        return this;
    }

    /** Stops accepting and drops every forwarded connection. */
    public synchronized void cut() {
        if (server != null) {
            await(server.close());
            server = null;
        }
        sockets.forEach(NetSocket::close);
        sockets.clear();
    }

    /** Holds everything sent either way while connections stay open. */
    public void freeze() {
        synchronized (frozen) {
            freezing = true;
            frozenBytesFromClient = 0;
        }
    }

    /** Delivers what a {@link #freeze()} held, in order, and carries on. */
    public void thaw() {
        synchronized (frozen) {
            freezing = false;
            frozen.forEach(entry -> entry.getKey().write(entry.getValue()));
            frozen.clear();
        }
    }

    /** How many bytes the client sent into the current (or last) freeze. */
    public long frozenBytesFromClient() {
        synchronized (frozen) {
            return frozenBytesFromClient;
        }
    }

    /** Holds back every byte from the target by {@code delay} (zero: none), keeping their order. */
    public void delayReplies(Duration delay) {
        replyDelayMs = delay.toMillis();
    }

    /**
     * Stalls (true) or releases (false) every connection on which the client subscribed: their sockets stay open,
     * but nothing Redis sends them is delivered until released (then all of it, in order).
     */
    public void stallSubscribers(boolean stalled) {
        subscribersStalled = stalled;
        if (!stalled) {
            for (Relay relay : subscriberRelays) {
                vertx.runOnContext(v -> relay.release());
            }
        }
    }

    /** Cuts and releases everything. */
    public void stop() {
        cut();
        await(vertx.close());
    }

    private void forward(NetSocket inbound) {
        inbound.pause();
        sockets.add(inbound);
        vertx.createNetClient().connect(targetPort, targetHost).onComplete(result -> {
            if (result.failed()) {
                inbound.close();
                return;
            }
            NetSocket outbound = result.result();
            sockets.add(outbound);
            Relay replies = new Relay(inbound);
            inbound.handler(chunk -> {
                if (!replies.subscriber
                        && chunk.toString(StandardCharsets.ISO_8859_1)
                                .toUpperCase(Locale.ROOT)
                                .contains("SUBSCRIBE")) {
                    replies.subscriber = true;
                    subscriberRelays.add(replies);
                }
                deliver(outbound, chunk, true);
            });
            outbound.handler(replies::write);
            inbound.closeHandler(v -> {
                sockets.remove(inbound);
                subscriberRelays.remove(replies);
                outbound.close();
            });
            outbound.closeHandler(v -> {
                sockets.remove(outbound);
                inbound.close();
            });
            inbound.resume();
        });
    }

    private void deliver(NetSocket to, Buffer chunk, boolean fromClient) {
        synchronized (frozen) {
            if (freezing) {
                frozen.add(Map.entry(to, chunk));
                if (fromClient) {
                    frozenBytesFromClient += chunk.length();
                }
                return;
            }
        }
        to.write(chunk);
    }

    /** The target's bytes to the client: stalled for subscribers, delayed, never reordered. */
    private final class Relay {
        private final NetSocket to;
        private final Queue<Buffer> held = new ConcurrentLinkedQueue<>();
        private volatile boolean subscriber;
        private long lastRelease;

        private Relay(NetSocket to) {
            this.to = to;
        }

        void write(Buffer chunk) {
            if (subscriber && subscribersStalled) {
                held.add(chunk);
                return;
            }
            release();
            long now = System.currentTimeMillis();
            long release = Math.max(now + replyDelayMs, lastRelease);
            lastRelease = release;
            if (release <= now) {
                deliver(to, chunk, false);
            } else {
                vertx.setTimer(release - now, id -> deliver(to, chunk, false));
            }
        }

        void release() {
            for (Buffer chunk = held.poll(); chunk != null; chunk = held.poll()) {
                deliver(to, chunk, false);
            }
        }
    }

    /**
     * A port nothing listens on right now, below the kernel's range for the local ends of outgoing connections: a port
     * of that range can be taken by any connection while a cut proxy or a stopped server is away, and then cannot be
     * listened on again ("Address already in use" when StoreOutageIT reopened its proxy in CI).
     */
    public static int freePort() {
        int below = Math.min(HIGHEST_PORT + 1, ephemeralRangeStart());
        for (int attempt = 0; attempt < 1_000; attempt++) {
            int candidate = LOWEST_PORT + ThreadLocalRandom.current().nextInt(below - LOWEST_PORT);
            try (ServerSocket socket = new ServerSocket()) {
                socket.setReuseAddress(true);
                socket.bind(new InetSocketAddress(candidate));
                return candidate;
            } catch (IOException taken) {
                // in use: another try
            }
        }
        throw new IllegalStateException("no free port between " + LOWEST_PORT + " and " + below);
    }

    private static int ephemeralRangeStart() {
        // read line by line: the file reports a size of 0, and a read by size stops short
        try (BufferedReader range = Files.newBufferedReader(Path.of("/proc/sys/net/ipv4/ip_local_port_range"))) {
            return Math.max(
                    LOWEST_PORT + 1_000,
                    Integer.parseInt(range.readLine().trim().split("\\s+")[0]));
        } catch (IOException | RuntimeException unreadable) {
            // not Linux, or a range of an unexpected shape: the IANA dynamic range's start, as most systems use
            return 49_152;
        }
    }

    private static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
