package dev.sessions.contract.http;

import java.util.concurrent.Executor;

import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * A pooled Redis or HTTP client answers on the context of its connection, not on the request's. Work that must see
 * the request's CDI request context (Quarkus keeps it in the request's duplicated Vert.x context) goes back there
 * first: without Mutiny context propagation nothing else restores it.
 */
public final class RequestContexts {

    private RequestContexts() {}

    /** An executor that runs on the caller's current Vert.x context: inline when already there, else dispatched. */
    public static Executor current() {
        Context origin = Vertx.currentContext();
        return command -> {
            if (origin == null || Vertx.currentContext() == origin) {
                command.run();
            } else {
                origin.runOnContext(ignored -> command.run());
            }
        };
    }
}
