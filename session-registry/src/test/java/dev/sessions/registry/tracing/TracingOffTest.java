package dev.sessions.registry.tracing;

import jakarta.inject.Inject;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import dev.sessions.registry.support.Api;
import dev.sessions.registry.support.TestEnvironment;
import dev.sessions.registry.support.Tokens;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Without an OTLP endpoint tracing is off: the SDK is disabled, so no span processor, exporter or batch thread runs
 * (nothing is exported, no connection is tried), whatever traceparent a caller sends.
 */
@QuarkusTest
@WithTestResource(value = TestEnvironment.class, scope = TestResourceScope.GLOBAL)
class TracingOffTest {

    @Inject
    OpenTelemetry openTelemetry;

    @Test
    void theSdkIsDisabledWithoutAnEndpoint() {
        assertThat(ConfigProvider.getConfig().getValue("quarkus.otel.sdk.disabled", Boolean.class))
                .isTrue();
        // Quarkus's disabled SDK: spans still get ids (the logs' traceId correlates a request's lines), but no
        // processor takes them, so nothing is batched or exported
        assertThat(((OpenTelemetrySdk) openTelemetry).getSdkTracerProvider().toString())
                .contains("spanProcessor=NoopSpanProcessor");
    }

    @Test
    void noSpanIsExportedAndNoExporterThreadRuns() {
        String uid = Api.newUserId();
        String sid = Api.open(uid, Api.CHROME_WINDOWS, "81.2.69.142");
        Api.bearer(Tokens.user(uid, sid))
                .header("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")
                .get("/sessions")
                .then()
                .statusCode(200);

        assertThat(Thread.getAllStackTraces().keySet())
                .extracting(Thread::getName)
                .noneMatch(name -> name.contains("BatchSpanProcessor") || name.contains("OkHttp"));
    }
}
