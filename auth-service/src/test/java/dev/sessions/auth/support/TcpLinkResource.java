package dev.sessions.auth.support;

import java.net.URI;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;

/**
 * A TCP proxy between the service and PostgreSQL ({@code target=postgres}, the reactive datasource only) or Redis
 * ({@code target=redis}) that a test can cut, to see the service without that store. It is injected into the test
 * field {@code AutoCloseable postgresLink} or {@code AutoCloseable redisLink}; closing it stops listening and drops
 * every open connection.
 */
public class TcpLinkResource implements QuarkusTestResourceLifecycleManager, AutoCloseable {

    private final Set<NetSocket> sockets = ConcurrentHashMap.newKeySet();
    private String target;
    private Vertx vertx;
    private NetServer server;

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
        int upstreamPort = upstream.getPort() > 0 ? upstream.getPort() : redis ? 6379 : 5432;
        vertx = Vertx.vertx();
        server = vertx.createNetServer().connectHandler(client -> forward(client, upstream.getHost(), upstreamPort));
        int port = server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().join().actualPort();
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
    public void inject(TestInjector injector) {
        String field = "redis".equals(target) ? "redisLink" : "postgresLink";
        injector.injectIntoFields(this, candidate -> candidate.getName().equals(field)
                && candidate.getType() == AutoCloseable.class);
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
            client.closeHandler(v -> upstream.close());
            upstream.closeHandler(v -> client.close());
            client.handler(upstream::write);
            upstream.handler(client::write);
            client.resume();
        });
    }
}
