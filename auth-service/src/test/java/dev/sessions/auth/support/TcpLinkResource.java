package dev.sessions.auth.support;

import java.net.URI;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import dev.sessions.testing.TcpProxy;

/**
 * A {@link TcpProxy} between the service and PostgreSQL ({@code target=postgres}, the reactive datasource only) or Redis
 * ({@code target=redis}) that a test can cut, to see the service without that store. It is injected into the test
 * field {@code AutoCloseable postgresLink} or {@code AutoCloseable redisLink}; closing it stops listening and drops
 * every open connection. It is also injected into {@code Consumer<String> postgresFaults} or {@code redisFaults}:
 * {@code "freeze"} holds everything sent either way while connections stay open (a server stopped with SIGSTOP),
 * {@code "thaw"} delivers what was held and carries on; {@code "down"} drops every connection and stops listening
 * (a server killed), {@code "up"} listens again. {@code LongSupplier postgresHeldBytes} or {@code redisHeldBytes}
 * tells how many bytes the service sent into a freeze. With {@code jdbc=true} Flyway's JDBC URL goes through the same
 * link; with {@code start=down} the link is cut before the service starts.
 */
public class TcpLinkResource
        implements QuarkusTestResourceLifecycleManager, AutoCloseable, Consumer<String>, LongSupplier {

    private String target;
    private boolean jdbc;
    private boolean startDown;
    private TcpProxy proxy;

    @Override
    public void init(Map<String, String> args) {
        this.target = args.get("target");
        this.jdbc = "true".equals(args.get("jdbc"));
        this.startDown = "down".equals(args.get("start"));
    }

    @Override
    public Map<String, String> start() {
        boolean redis = "redis".equals(target);
        URI upstream = URI.create(redis ? ForkStores.redisUrl() : ForkStores.reactiveUrl());
        int upstreamPort = upstream.getPort() > 0 ? upstream.getPort() : redis ? 6379 : 5432;
        proxy = new TcpProxy(upstream.getHost(), upstreamPort).open();
        // the password of a Redis that ./stack started travels with the address
        String auth = upstream.getRawUserInfo() == null ? "" : upstream.getRawUserInfo() + "@";
        String url = upstream.getScheme() + "://" + auth + "127.0.0.1:" + proxy.port() + upstream.getRawPath()
                + (upstream.getRawQuery() == null ? "" : "?" + upstream.getRawQuery());
        if (startDown) {
            proxy.cut();
        }
        if (jdbc && !redis) {
            return Map.of(
                    "quarkus.datasource.reactive.url",
                    url,
                    "quarkus.datasource.jdbc.url",
                    "jdbc:postgresql://127.0.0.1:" + proxy.port() + upstream.getRawPath());
        }
        return Map.of(redis ? "quarkus.redis.hosts" : "quarkus.datasource.reactive.url", url);
    }

    /** Cuts the link: no new connections, open ones dropped. */
    @Override
    public void close() {
        proxy.cut();
    }

    @Override
    public void accept(String fault) {
        switch (fault) {
            case "freeze" -> proxy.freeze();
            case "thaw" -> proxy.thaw();
            case "down" -> proxy.cut();
            case "up" -> proxy.open();
            default -> throw new IllegalArgumentException("unknown fault " + fault);
        }
    }

    @Override
    public long getAsLong() {
        return proxy.frozenBytesFromClient();
    }

    @Override
    public void inject(TestInjector injector) {
        String prefix = "redis".equals(target) ? "redis" : "postgres";
        injector.injectIntoFields(
                this,
                candidate -> candidate.getName().equals(prefix + "Link") && candidate.getType() == AutoCloseable.class);
        injector.injectIntoFields(
                this,
                candidate -> candidate.getName().equals(prefix + "Faults") && candidate.getType() == Consumer.class);
        injector.injectIntoFields(
                this,
                candidate ->
                        candidate.getName().equals(prefix + "HeldBytes") && candidate.getType() == LongSupplier.class);
    }

    @Override
    public void stop() {
        if (proxy != null) {
            proxy.stop();
        }
    }
}
