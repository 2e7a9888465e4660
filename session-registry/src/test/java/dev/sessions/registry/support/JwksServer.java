package dev.sessions.registry.support;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.lang.JoseException;

/** Stands in for auth-service's JWKS endpoint: a small Vert.x server whose key list a test can change. */
public final class JwksServer {

    private final Vertx vertx = Vertx.vertx();
    private final List<TestKeys> keys =
            new CopyOnWriteArrayList<>(List.of(TestKeys.RSA, TestKeys.EC, TestKeys.ED25519));
    private final AtomicInteger requests = new AtomicInteger();
    private final List<HttpServerRequest> held = new CopyOnWriteArrayList<>();
    private volatile boolean hanging;
    private HttpServer server;

    /** Starts on a free port. */
    public JwksServer start() {
        try {
            server = vertx.createHttpServer()
                    .requestHandler(req -> {
                        requests.incrementAndGet();
                        if (hanging) {
                            held.add(req);
                            return;
                        }
                        req.response()
                                .putHeader("Content-Type", "application/json")
                                .end(json());
                    })
                    .listen(0, "127.0.0.1")
                    .toCompletionStage()
                    .toCompletableFuture()
                    .get(10, TimeUnit.SECONDS);
            return this;
        } catch (Exception e) {
            throw new IllegalStateException("JWKS server did not start", e);
        }
    }

    public String url() {
        return "http://127.0.0.1:" + server.actualPort() + "/auth/jwks.json";
    }

    public void publish(TestKeys key) {
        if (!keys.contains(key)) {
            keys.add(key);
        }
    }

    public int requests() {
        return requests.get();
    }

    /** Holds every request unanswered (true) until released (false), as a hung auth-service would. */
    public void hang(boolean hang) {
        hanging = hang;
        if (!hang) {
            for (HttpServerRequest req : held) {
                held.remove(req);
                req.response().putHeader("Content-Type", "application/json").end(json());
            }
        }
    }

    /** Requests held unanswered now. */
    public int held() {
        return held.size();
    }

    public void stop() {
        vertx.close();
    }

    private String json() {
        try {
            JsonWebKeySet set = new JsonWebKeySet();
            for (TestKeys key : keys) {
                PublicJsonWebKey jwk = PublicJsonWebKey.Factory.newPublicJwk(key.publicKey());
                jwk.setKeyId(key.kid());
                jwk.setUse("sig");
                jwk.setAlgorithm(Tokens.algorithmOf(key).getAlgorithm());
                set.addJsonWebKey(jwk);
            }
            return set.toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }
}
