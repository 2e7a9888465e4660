package dev.sessions.auth.support;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;

/**
 * A TCP proxy between the service and PostgreSQL ({@code target=postgres}, the reactive datasource only) or Redis
 * ({@code target=redis}) that a test can cut, to see the service without that store. It is injected into the test
 * field {@code AutoCloseable postgresLink} or {@code AutoCloseable redisLink}; closing it stops listening and drops
 * every open connection. It is also injected into {@code Consumer<String> postgresFaults} or {@code redisFaults}:
 * {@code "freeze"} holds everything sent either way while connections stay open (a server stopped with SIGSTOP),
 * {@code "thaw"} delivers what was held and carries on; {@code "down"} drops every connection and stops listening
 * (a server killed), {@code "up"} listens again. {@code LongSupplier postgresHeldBytes} or {@code redisHeldBytes}
 * tells how many bytes the service sent into a freeze.
 */
public class TcpLinkResource implements QuarkusTestResourceLifecycleManager, AutoCloseable, Consumer<String>,
        LongSupplier {

    private final Set<NetSocket> sockets = ConcurrentHashMap.newKeySet();
    private final List<Map.Entry<NetSocket, Buffer>> held = new ArrayList<>();
    private long heldBytes;
    private boolean frozen;
    private String target;
    private Vertx vertx;
    private NetServer server;
    private String upstreamHost;
    private int upstreamPort;
    private int port;

    @Override
    public void init(Map<String, String> args) {
        this.target = args.get("target");
    }

    @Override
    public Map<String, String> start() {
        boolean redis = "redis".equals(target);
        URI upstream = URI.create(redis
                ? System.getenv().getOrDefault("QUARKUS_REDIS_HOSTS", "redis://127.0.0.1:6379/1")
                : System.getenv().getOrDefault("QUARKUS_DATASOURCE_REACTIVE_URL", "postgresql://127.0.0.1:5432/sessions_test"));
        upstreamPort = upstream.getPort() > 0 ? upstream.getPort() : redis ? 6379 : 5432;
        upstreamHost = upstream.getHost();
        vertx = Vertx.vertx();
        port = listen(0);
        // the password of a Redis that ./stack started travels with the address
        String auth = upstream.getRawUserInfo() == null ? "" : upstream.getRawUserInfo() + "@";
        String url = upstream.getScheme() + "://" + auth + "127.0.0.1:" + port + upstream.getRawPath()
                + (upstream.getRawQuery() == null ? "" : "?" + upstream.getRawQuery());
        return Map.of(redis ? "quarkus.redis.hosts" : "quarkus.datasource.reactive.url", url);
    }

    /** Cuts the link: no new connections, open ones dropped. */
    @Override
    public void close() throws Exception {
        server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        sockets.forEach(NetSocket::close);
    }

    @Override
    public void accept(String fault) {
        switch (fault) {
            case "freeze" -> {
                synchronized (held) {
                    frozen = true;
                    heldBytes = 0;
                }
            }
            case "thaw" -> {
                synchronized (held) {
                    frozen = false;
                    held.forEach(entry -> entry.getKey().write(entry.getValue()));
                    held.clear();
                }
            }
            case "down" -> {
                server.close().toCompletionStage().toCompletableFuture().join();
                sockets.forEach(NetSocket::close);
            }
            case "up" -> listen(port);
            default -> throw new IllegalArgumentException("unknown fault " + fault);
        }
    }

    @Override
    public long getAsLong() {
        synchronized (held) {
            return heldBytes;
        }
    }

    @Override
    public void inject(TestInjector injector) {
        String prefix = "redis".equals(target) ? "redis" : "postgres";
        injector.injectIntoFields(this, candidate -> candidate.getName().equals(prefix + "Link")
                && candidate.getType() == AutoCloseable.class);
        injector.injectIntoFields(this, candidate -> candidate.getName().equals(prefix + "Faults")
                && candidate.getType() == Consumer.class);
        injector.injectIntoFields(this, candidate -> candidate.getName().equals(prefix + "HeldBytes")
                && candidate.getType() == LongSupplier.class);
    }

    private int listen(int listenPort) {
        server = vertx.createNetServer().connectHandler(client -> forward(client, upstreamHost, upstreamPort));
        return server.listen(listenPort, "127.0.0.1").toCompletionStage().toCompletableFuture().join().actualPort();
    }

    private void relay(Buffer data, NetSocket to, boolean fromService) {
        synchronized (held) {
            if (frozen) {
                held.add(Map.entry(to, data));
                if (fromService) {
                    heldBytes += data.length();
                }
            } else {
                to.write(data);
            }
        }
    }

    @Override
    public void stop() {
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
    }

    private void forward(NetSocket client, String host, int port) {
        client.pause();
        sockets.add(client);
        vertx.createNetClient().connect(port, host).onComplete(connected -> {
            if (connected.failed()) {
                client.close();
                return;
            }
            NetSocket upstream = connected.result();
            sockets.add(upstream);
            client.closeHandler(v -> {
                sockets.remove(client);
                upstream.close();
            });
            upstream.closeHandler(v -> {
                sockets.remove(upstream);
                client.close();
            });
            client.handler(data -> relay(data, upstream, true));
            upstream.handler(data -> relay(data, client, false));
            client.resume();
        });
    }
}
