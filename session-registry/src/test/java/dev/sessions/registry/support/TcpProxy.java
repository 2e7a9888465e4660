package dev.sessions.registry.support;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

/** A TCP forwarder a test can cut and restore, to make PostgreSQL or Redis unreachable for one service instance. */
public final class TcpProxy {

    private final Vertx vertx = Vertx.vertx();
    private final NetClient client = vertx.createNetClient();
    private final Set<NetSocket> sockets = ConcurrentHashMap.newKeySet();
    private final String targetHost;
    private final int targetPort;
    private final int port;
    private NetServer server;
    private volatile long replyDelayMs;
    private volatile boolean subscribersStalled;
    private final Set<DelayedWriter> subscriberWriters = ConcurrentHashMap.newKeySet();

    public TcpProxy(String targetHost, int targetPort) {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.port = freePort();
    }

    public int port() {
        return port;
    }

    /** Starts forwarding. */
    public synchronized TcpProxy open() {
        NetServer listening = vertx.createNetServer().connectHandler(this::forward);
        await(listening.listen(port, "127.0.0.1").toCompletionStage().toCompletableFuture());
        server = listening;
        return this;
    }

    /** Stops accepting and drops every forwarded connection. */
    public synchronized void cut() {
        if (server != null) {
            await(server.close().toCompletionStage().toCompletableFuture());
            server = null;
        }
        for (NetSocket socket : sockets) {
            socket.close();
        }
        sockets.clear();
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
            for (DelayedWriter writer : subscriberWriters) {
                vertx.runOnContext(v -> writer.release());
            }
        }
    }

    public void stop() {
        cut();
        vertx.close();
    }

    private void forward(NetSocket inbound) {
        inbound.pause();
        sockets.add(inbound);
        client.connect(targetPort, targetHost).onComplete(result -> {
            if (result.failed()) {
                inbound.close();
                return;
            }
            NetSocket outbound = result.result();
            sockets.add(outbound);
            DelayedWriter replies = new DelayedWriter(inbound);
            inbound.handler(chunk -> {
                if (!replies.subscriber && chunk.toString(StandardCharsets.ISO_8859_1).toUpperCase(Locale.ROOT).contains("SUBSCRIBE")) {
                    replies.subscriber = true;
                    subscriberWriters.add(replies);
                }
                outbound.write(chunk);
            });
            outbound.handler(replies::write);
            inbound.closeHandler(v -> {
                subscriberWriters.remove(replies);
                outbound.close();
            });
            outbound.closeHandler(v -> inbound.close());
            inbound.resume();
        });
    }

    /** Releases each chunk at the later of its own due time and the previous chunk's, so nothing overtakes. */
    private final class DelayedWriter {
        private final NetSocket to;
        private final Queue<Buffer> held = new ConcurrentLinkedQueue<>();
        private volatile boolean subscriber;
        private long lastRelease;

        private DelayedWriter(NetSocket to) {
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
                to.write(chunk);
            } else {
                vertx.setTimer(release - now, id -> to.write(chunk));
            }
        }

        void release() {
            for (Buffer chunk = held.poll(); chunk != null; chunk = held.poll()) {
                to.write(chunk);
            }
        }
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void await(CompletableFuture<?> future) {
        try {
            future.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
