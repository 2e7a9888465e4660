package dev.sessions.registry.support;

import java.nio.file.Path;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import dev.sessions.testing.OtlpReceiver;

/** Turns tracing on, exporting to an in-test OTLP/HTTP receiver, the way an operator sets only the endpoint. */
public class OtlpTestResource implements QuarkusTestResourceLifecycleManager {

    public static final Path LOG_FILE = Path.of("target", "tracing-test.log").toAbsolutePath();

    private static OtlpReceiver receiver;

    public static OtlpReceiver receiver() {
        return receiver;
    }

    @Override
    public Map<String, String> start() {
        receiver = OtlpReceiver.start(0);
        return Map.of(
                // JSON log lines in a file, where the test reads the trace ids
                "quarkus.log.file.enabled",
                "true",
                "quarkus.log.file.path",
                LOG_FILE.toString(),
                "quarkus.log.file.json.enabled",
                "true",
                "quarkus.otel.exporter.otlp.endpoint",
                receiver.endpoint(),
                "quarkus.otel.exporter.otlp.traces.protocol",
                "http/protobuf",
                // spans reach the receiver within a moment rather than every 5 s
                "quarkus.otel.bsp.schedule.delay",
                "100ms");
    }

    @Override
    public void stop() {
        if (receiver != null) {
            receiver.close();
        }
    }
}
