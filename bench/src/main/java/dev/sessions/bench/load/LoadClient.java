package dev.sessions.bench.load;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

/**
 * Entry point of the load clients bench/run starts: {@code signin}, {@code refresh}, {@code seed}, {@code propagation}, {@code stream-latency}, {@code stream-idle},
 * {@code warm}, {@code flood}.
 * Each prints RESULT lines of key=value pairs on standard output.
 */
public final class LoadClient {

    private LoadClient() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            System.err.println(
                    "usage: LoadClient signin|refresh|seed|propagation|stream-latency|stream-idle|warm|flood key=value...");
            System.exit(2);
        }
        Options options = new Options(args, 1);
        int connections = options.getInt("connections", 64);
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(options.getInt("loops", 1)));
        WebClientOptions clientOptions = new WebClientOptions();
        // a client of its own address (any of 127.0.0.0/8), so that per-address limits see it apart from other loads
        String localAddress = options.get("local-address", null);
        if (localAddress != null) {
            clientOptions.setLocalAddress(localAddress);
        }
        WebClient client = WebClient.create(
                vertx,
                clientOptions
                        .setKeepAlive(true)
                        .setMaxPoolSize(connections)
                        .setConnectTimeout(5_000)
                        .setIdleTimeout(0)
                        .setUserAgent("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
                                + "Chrome/120.0.0.0 Safari/537.36"));
        int status = 0;
        try {
            switch (args[0]) {
                case "signin" -> new SignInLoad(client, options).run();
                case "refresh" -> new RefreshLoad(vertx, client, options).run();
                case "seed" -> new SessionSeeder(client, options).run();
                case "propagation" -> new RevocationPropagation(vertx, options).run();
                case "stream-latency" -> new EventStreams(vertx, options).latency();
                case "stream-idle" -> new EventStreams(vertx, options).idle();
                case "warm" -> new Warmer(client, options).run();
                case "flood" -> new RegistrationFlood(vertx, client, options).run();
                default -> {
                    System.err.println("unknown command " + args[0]);
                    status = 2;
                }
            }
        } finally {
            client.close();
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
        System.exit(status);
    }
}
