package dev.sessions.testing;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPInputStream;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A real OTLP/HTTP receiver ({@code http/protobuf}, what the services export with {@code
 * quarkus.otel.exporter.otlp.traces.protocol=http/protobuf}): accepts {@code POST /v1/traces}, decodes the
 * ExportTraceServiceRequest's spans with a minimal protobuf reader (the opentelemetry-proto classes are not on the
 * test classpaths), and keeps them for the test to look at.
 */
public final class OtlpReceiver implements AutoCloseable {

    /** One exported span; ids in lower-case hex as in a {@code traceparent}, parent empty for a root span. */
    public record ReceivedSpan(
            String service, String traceId, String spanId, String parentSpanId, String name, int kind) {

        public static final int KIND_SERVER = 2;
        public static final int KIND_CLIENT = 3;
    }

    /** The newest spans kept: an e2e run exports a great many, and tests look at the latest ones only. */
    private static final int KEPT = 200_000;

    private final HttpServer server;
    private final Queue<ReceivedSpan> spans = new ConcurrentLinkedQueue<>();
    private final AtomicInteger kept = new AtomicInteger();
    private final AtomicInteger requests = new AtomicInteger();

    private OtlpReceiver(HttpServer server) {
        this.server = server;
    }

    /** Listens on 127.0.0.1 and the given port (0: any free one). */
    public static OtlpReceiver start(int port) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
            OtlpReceiver receiver = new OtlpReceiver(server);
            server.createContext("/", receiver::handle);
            server.start();
            return receiver;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The base endpoint to configure as {@code quarkus.otel.exporter.otlp.endpoint}. */
    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public List<ReceivedSpan> spans() {
        return List.copyOf(spans);
    }

    public List<ReceivedSpan> spansOf(String traceId) {
        return spans.stream().filter(s -> s.traceId().equals(traceId)).toList();
    }

    /** How many export requests arrived, traces or not. */
    public int requests() {
        return requests.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            requests.incrementAndGet();
            byte[] body;
            try (InputStream in =
                    "gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))
                            ? new GZIPInputStream(exchange.getRequestBody())
                            : exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            if (exchange.getRequestURI().getPath().endsWith("/v1/traces")) {
                readRequest(body);
            }
            exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
            // an empty ExportTraceServiceResponse: everything accepted
            exchange.sendResponseHeaders(200, -1);
        }
    }

    // ExportTraceServiceRequest { repeated ResourceSpans resource_spans = 1; }
    private void readRequest(byte[] request) {
        for (Field f : Field.all(request)) {
            if (f.number == 1) {
                readResourceSpans(f.bytes);
            }
        }
    }

    // ResourceSpans { Resource resource = 1; repeated ScopeSpans scope_spans = 2; }
    private void readResourceSpans(byte[] resourceSpans) {
        String service = "";
        List<Field> fields = Field.all(resourceSpans);
        for (Field f : fields) {
            if (f.number == 1) {
                service = serviceName(f.bytes);
            }
        }
        for (Field f : fields) {
            if (f.number == 2) {
                // ScopeSpans { InstrumentationScope scope = 1; repeated Span spans = 2; }
                for (Field s : Field.all(f.bytes)) {
                    if (s.number == 2) {
                        keep(readSpan(service, s.bytes));
                    }
                }
            }
        }
    }

    private void keep(ReceivedSpan span) {
        spans.add(span);
        if (kept.incrementAndGet() > KEPT && spans.poll() != null) {
            kept.decrementAndGet();
        }
    }

    // Resource { repeated KeyValue attributes = 1; } KeyValue { string key = 1; AnyValue value = 2; }
    // AnyValue { string string_value = 1; ... }
    private static String serviceName(byte[] resource) {
        for (Field attribute : Field.all(resource)) {
            if (attribute.number != 1) {
                continue;
            }
            String key = null;
            String value = null;
            for (Field kv : Field.all(attribute.bytes)) {
                if (kv.number == 1) {
                    key = kv.string();
                } else if (kv.number == 2) {
                    for (Field any : Field.all(kv.bytes)) {
                        if (any.number == 1) {
                            value = any.string();
                        }
                    }
                }
            }
            if ("service.name".equals(key)) {
                return value;
            }
        }
        return "";
    }

    // Span { bytes trace_id = 1; bytes span_id = 2; bytes parent_span_id = 4; string name = 5; SpanKind kind = 6; }
    private static ReceivedSpan readSpan(String service, byte[] span) {
        String traceId = "";
        String spanId = "";
        String parent = "";
        String name = "";
        int kind = 0;
        for (Field f : Field.all(span)) {
            switch (f.number) {
                case 1 -> traceId = HexFormat.of().formatHex(f.bytes);
                case 2 -> spanId = HexFormat.of().formatHex(f.bytes);
                case 4 -> parent = HexFormat.of().formatHex(f.bytes);
                case 5 -> name = f.string();
                case 6 -> kind = (int) f.varint;
                default -> {}
            }
        }
        return new ReceivedSpan(service, traceId, spanId, parent, name, kind);
    }

    /** One field of a protobuf message: length-delimited ones keep their bytes, varints their value. */
    private record Field(int number, byte[] bytes, long varint) {

        String string() {
            return new String(bytes, StandardCharsets.UTF_8);
        }

        static List<Field> all(byte[] message) {
            ByteArrayInputStream in = new ByteArrayInputStream(message);
            ArrayList<Field> fields = new ArrayList<>();
            while (in.available() > 0) {
                long tag = varint(in);
                int number = (int) (tag >>> 3);
                switch ((int) (tag & 7)) {
                    case 0 -> fields.add(new Field(number, new byte[0], varint(in)));
                    // fixed64 and fixed32 fields (no test reads them) are passed over, and a truncated one refused
                    case 1 -> readN(in, 8);
                    case 2 -> fields.add(new Field(number, readN(in, (int) varint(in)), 0));
                    case 5 -> readN(in, 4);
                    default -> throw new IllegalArgumentException("unsupported protobuf wire type in " + tag);
                }
            }
            return fields;
        }

        private static byte[] readN(ByteArrayInputStream in, int n) {
            byte[] bytes = new byte[n];
            if (in.read(bytes, 0, n) != n) {
                throw new IllegalArgumentException("truncated protobuf field");
            }
            return bytes;
        }

        private static long varint(ByteArrayInputStream in) {
            long value = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                int b = in.read();
                if (b < 0) {
                    throw new IllegalArgumentException("truncated protobuf varint");
                }
                value |= (long) (b & 0x7f) << shift;
                if ((b & 0x80) == 0) {
                    return value;
                }
            }
            throw new IllegalArgumentException("protobuf varint too long");
        }
    }
}
