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
 * A TCP proxy between the service's reactive datasource and PostgreSQL that a test can cut, to see the service
 * without its user store. It is injected into a test field {@code AutoCloseable postgresLink}; closing it stops
 * listening and drops every open connection.
 */
public class PostgresLinkResource implements QuarkusTestResourceLifecycleManager, AutoCloseable {

    private Vertx vertx;
    private NetServer server;
    private final Set<NetSocket> sockets = ConcurrentHashMap.newKeySet();

    @Override
    public Map<String, String> start() {
        URI target = URI.create(System.getenv().getOrDefault("QUARKUS_DATASOURCE_REACTIVE_URL",
                "postgresql://127.0.0.1:5432/sessions_test"));
        String host = target.getHost();
        int port = target.getPort() < 0 ? 5432 : target.getPort();
        vertx = Vertx.vertx();
        server = vertx.createNetServer().connectHandler(client -> {
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
        });
        int listening = server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().join().actualPort();
        String url = "postgresql://127.0.0.1:" + listening + target.getPath()
                + (target.getQuery() == null ? "" : "?" + target.getQuery());
        return Map.of("quarkus.datasource.reactive.url", url);
    }

    /** Cuts the link: no new connections, open ones dropped. */
    @Override
    public void close() throws Exception {
        server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        sockets.forEach(NetSocket::close);
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(this,
                field -> field.getName().equals("postgresLink") && field.getType() == AutoCloseable.class);
    }

    @Override
    public void stop() {
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
    }
}
