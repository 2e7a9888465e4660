package dev.sessions.registry.security;

import java.time.Clock;
import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.core.http.HttpClient;
import io.vertx.mutiny.core.http.HttpClientResponse;
import org.jboss.logging.Logger;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.lang.JoseException;

import dev.sessions.registry.config.RegistryConfig;

/**
 * auth-service's JWK Set, fetched without blocking: kept in memory, fetched again on an unknown {@code kid}
 * (at most once per {@code registry.token.jwks-refetch-interval}) and every {@code registry.token.jwks-refresh-interval}.
 * Only an unknown {@code kid} (or no keys at all) makes a request wait for a fetch, bounded by
 * {@code registry.token.jwks-timeout}; the periodic refresh runs in the background while the keys held keep answering.
 * Concurrent fetches share one request.
 */
@ApplicationScoped
public class JwksClient {

    private static final Logger LOG = Logger.getLogger(JwksClient.class);

    private final HttpClient http;
    private final String url;
    private final long refreshMillis;
    private final long refetchMillis;
    private final Duration timeout;

    private volatile Keys keys;
    private volatile Uni<Keys> inflight;
    private volatile long lastAttempt;
    private final Clock clock;

    JwksClient(Vertx vertx, RegistryConfig config, Clock clock) {
        this.clock = clock;
        this.http = vertx.createHttpClient();
        this.url = config.jwksUrl();
        this.refreshMillis = config.token().jwksRefreshInterval().toMillis();
        this.refetchMillis = config.token().jwksRefetchInterval().toMillis();
        this.timeout = config.token().jwksTimeout();
    }

    /** The current key set, fetched first when it is missing, too old, or lacks {@code kid} (null: any key). */
    public Uni<JsonWebKeySet> keysFor(String kid) {
        Keys current = keys;
        long now = clock.millis();
        if (current != null && (kid == null || current.has(kid))) {
            if (now - current.fetchedAt() >= refreshMillis && now - lastAttempt >= refetchMillis) {
                refreshInBackground();
            }
            return Uni.createFrom().item(current.set());
        }
        if (current != null && now - lastAttempt < refetchMillis) {
            return Uni.createFrom().item(current.set());
        }
        return fetch().map(Keys::set).onFailure().recoverWithUni(failure -> {
            if (current != null) {
                LOG.debugf("JWK Set fetch failed, keeping the keys held: %s", failure.getMessage());
                return Uni.createFrom().item(current.set());
            }
            return Uni.createFrom().failure(new DecisionUnavailableException("signing keys are unavailable", failure));
        });
    }

    private void refreshInBackground() {
        fetch().subscribe()
                .with(
                        fetched -> LOG.debugf(
                                "JWK Set refreshed (%d keys)",
                                fetched.set().getJsonWebKeys().size()),
                        failure ->
                                LOG.debugf("JWK Set refresh failed, keeping the keys held: %s", failure.getMessage()));
    }

    private synchronized Uni<Keys> fetch() {
        Uni<Keys> running = inflight;
        if (running != null) {
            return running;
        }
        lastAttempt = clock.millis();
        Uni<Keys> request = http.request(
                        new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(url))
                .chain(req -> req.send())
                .chain(JwksClient::body)
                .ifNoItem()
                .after(timeout)
                .fail()
                .map(this::parse)
                .onTermination()
                .invoke(() -> inflight = null)
                .memoize()
                .indefinitely();
        inflight = request;
        return request;
    }

    private static Uni<Buffer> body(HttpClientResponse response) {
        if (response.statusCode() != 200) {
            return response.body()
                    .onItem()
                    .failWith(b -> new IllegalStateException("JWK Set answered " + response.statusCode()));
        }
        return response.body();
    }

    private Keys parse(Buffer body) {
        try {
            Keys fetched = new Keys(new JsonWebKeySet(body.toString()), clock.millis());
            keys = fetched;
            return fetched;
        } catch (JoseException e) {
            throw new IllegalStateException("JWK Set is malformed", e);
        }
    }

    /** A fetched key set and when it was fetched. */
    private record Keys(JsonWebKeySet set, long fetchedAt) {
        boolean has(String kid) {
            for (JsonWebKey key : set.getJsonWebKeys()) {
                if (kid.equals(key.getKeyId())) {
                    return true;
                }
            }
            return false;
        }
    }
}
