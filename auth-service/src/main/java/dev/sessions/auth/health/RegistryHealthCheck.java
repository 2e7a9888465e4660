package dev.sessions.auth.health;

import java.net.URI;
import java.time.Duration;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.http.HttpClient;
import io.vertx.mutiny.core.http.HttpClientResponse;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import dev.sessions.auth.config.AuthConfig;

/**
 * Whether the registry is ready: sign-in, refresh and sign-out all go through it, so without it the service cannot do
 * its main job (they would answer 503). Its own readiness covers its Redis.
 */
@Readiness
@ApplicationScoped
public class RegistryHealthCheck implements AsyncHealthCheck {

    private final HttpClient client;
    private final RequestOptions ready;
    private final Duration timeout;

    RegistryHealthCheck(
            Vertx vertx,
            AuthConfig config,
            @ConfigProperty(name = "quarkus.rest-client.session-registry.url") URI registry) {
        this.timeout = config.health().timeout();
        this.client = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout((int) timeout.toMillis())
                .setKeepAlive(false));
        this.ready = new RequestOptions()
                .setMethod(HttpMethod.GET)
                .setAbsoluteURI(registry.resolve("/q/health/ready").toString())
                .setTimeout(timeout.toMillis());
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        return client.request(ready)
                .chain(request -> request.send())
                .call(HttpClientResponse::end)
                .map(response -> response.statusCode() == 200 ? "ready" : "answers " + response.statusCode())
                .onFailure()
                .recoverWithItem(failure -> "unreachable")
                .map(state -> HealthCheckResponse.named("session-registry")
                        .status("ready".equals(state))
                        .withData("registry", state)
                        .build());
    }

    @PreDestroy
    void close() {
        client.closeAndForget();
    }
}
