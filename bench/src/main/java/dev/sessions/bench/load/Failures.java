package dev.sessions.bench.load;

import java.util.concurrent.atomic.AtomicInteger;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;

/** Prints the first few failures of a run on standard error, so a broken run explains itself without flooding. */
final class Failures {

    private static final int SHOWN = 10;
    private static final AtomicInteger PRINTED = new AtomicInteger();

    private Failures() {}

    static void print(String what, HttpResponse<Buffer> response, Throwable cause) {
        if (PRINTED.incrementAndGet() > SHOWN) {
            return;
        }
        if (response != null) {
            String body = response.bodyAsString();
            System.err.println(what + ": HTTP " + response.statusCode() + " "
                    + (body == null ? "" : body.substring(0, Math.min(300, body.length()))));
        } else {
            System.err.println(what + ": " + cause);
        }
    }
}
