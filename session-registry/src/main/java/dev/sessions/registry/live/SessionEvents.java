package dev.sessions.registry.live;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import org.jboss.logging.Logger;

import dev.sessions.contract.revocation.ChannelMessage;
import dev.sessions.registry.config.RegistryConfig;
import dev.sessions.registry.revocation.Denylist;
import dev.sessions.registry.security.AccessToken;

/**
 * The live event streams this instance holds ({@code GET /sessions/events}), fed by the revocation channel it
 * subscribes to anyway: a session's end reaches its own stream as {@code session-ended} (then the stream closes) and
 * the user's other streams as {@code sessions-changed}, and so does a session's start. Nothing is polled: an event
 * goes out as the channel message is heard. One timer per instance sends the keep-alive comments, closes streams
 * whose token has expired and forgets streams whose client has gone.
 * <p>
 * Bounded: at most {@code registry.events.max-per-user} streams per user and {@code max-streams} in all on this
 * instance, and at most {@code queue} events waiting for a client that does not read, beyond which its stream closes.
 */
@ApplicationScoped
public class SessionEvents {

    private static final Logger LOG = Logger.getLogger(SessionEvents.class);
    static final String SESSION_ENDED = "session-ended";
    static final String SESSIONS_CHANGED = "sessions-changed";

    private final Map<String, Set<Stream>> byUser = new ConcurrentHashMap<>();
    private final AtomicInteger open = new AtomicInteger();
    private final Denylist denylist;
    private final Vertx vertx;
    private final ObjectMapper json;
    private final Clock clock;
    private final long keepAliveMillis;
    private final int maxPerUser;
    private final int maxStreams;
    private final int queue;

    private volatile boolean stopping;

    SessionEvents(Denylist denylist, Vertx vertx, ObjectMapper json, RegistryConfig config, Clock clock) {
        this.denylist = denylist;
        this.vertx = vertx;
        this.json = json;
        this.clock = clock;
        this.keepAliveMillis = config.events().keepAlive().toMillis();
        this.maxPerUser = config.events().maxPerUser();
        this.maxStreams = config.events().maxStreams();
        this.queue = config.events().queue();
    }

    void start(@Observes StartupEvent event) {
        long tick = Math.max(100, Math.min(1000, keepAliveMillis / 4));
        vertx.setPeriodic(tick, id -> tick());
    }

    /**
     * SIGTERM: streams never end by themselves, so the graceful shutdown would wait for them until its timeout; they
     * close at once (clients reconnect to another instance) and no new one opens.
     */
    void stop(@Observes ShutdownDelayInitiatedEvent event) {
        stopping = true;
        byUser.values().forEach(streams -> streams.forEach(Stream::close));
    }

    /** Whether a new stream would exceed a limit. */
    public enum Admission {
        OPENED,
        TOO_MANY_FOR_USER,
        TOO_MANY_STREAMS,
        STOPPING
    }

    /**
     * Opens the caller's stream on {@code sink}, unless a limit is reached (then nothing is kept and the sink is left
     * to the caller). A session that ended between the request's check and now gets its {@code session-ended} at once.
     */
    public Admission open(AccessToken caller, SseEventSink sink, Sse sse) {
        if (stopping) {
            return Admission.STOPPING;
        }
        if (open.incrementAndGet() > maxStreams) {
            open.decrementAndGet();
            return Admission.TOO_MANY_STREAMS;
        }
        Stream stream = new Stream(caller, sink, sse, Vertx.currentContext());
        boolean[] admitted = {false};
        byUser.compute(caller.userId(), (user, streams) -> {
            Set<Stream> mine = streams == null ? ConcurrentHashMap.newKeySet() : streams;
            if (mine.size() < maxPerUser) {
                mine.add(stream);
                admitted[0] = true;
            }
            return mine.isEmpty() ? null : mine;
        });
        if (!admitted[0]) {
            open.decrementAndGet();
            return Admission.TOO_MANY_FOR_USER;
        }
        stream.comment("ready");
        denylist.isRevoked(caller.sessionId())
                .chain(revoked -> revoked
                        ? denylist.reason(caller.sessionId())
                        : Uni.createFrom().<String>nullItem())
                .subscribe()
                .with(
                        reason -> {
                            if (reason != null) {
                                ended(stream, reason, clock.instant());
                            }
                        },
                        failure -> LOG.debugf("Cannot recheck session %s: %s", caller.sessionId(), failure));
        return Admission.OPENED;
    }

    /** The streams open on this instance. */
    public int size() {
        return open.get();
    }

    /** A message heard on the revocation channel (in order, on the subscription's connection). */
    public void heard(ChannelMessage message) {
        if (message instanceof ChannelMessage.Revocation revocation && revocation.uid() != null) {
            Instant at = revocation.at() == null ? clock.instant() : Instant.ofEpochMilli(revocation.at());
            for (Stream stream : streamsOf(revocation.uid())) {
                if (stream.sessionId.equals(revocation.sid())) {
                    ended(stream, revocation.reason(), at);
                } else {
                    stream.event(SESSIONS_CHANGED, "{}");
                }
            }
        } else if (message instanceof ChannelMessage.Opened opened && opened.uid() != null) {
            for (Stream stream : streamsOf(opened.uid())) {
                if (!stream.sessionId.equals(opened.opened())) {
                    stream.event(SESSIONS_CHANGED, "{}");
                }
            }
        }
    }

    private void ended(Stream stream, String reason, Instant at) {
        stream.event(
                SESSION_ENDED,
                json.createObjectNode()
                        .put("sessionId", stream.sessionId)
                        .put("reason", reason)
                        .put("at", at.toString())
                        .toString());
        stream.close();
    }

    private Set<Stream> streamsOf(String userId) {
        Set<Stream> streams = byUser.get(userId);
        return streams == null ? Set.of() : streams;
    }

    private void tick() {
        long now = clock.millis();
        for (Set<Stream> streams : byUser.values()) {
            for (Stream stream : streams) {
                if (stream.sink.isClosed() || now >= stream.expiresAtMillis) {
                    // the client went away, or its token expired: it reconnects with a fresh one
                    stream.close();
                } else if (now - stream.lastSent >= keepAliveMillis) {
                    stream.comment("keep-alive");
                }
            }
        }
    }

    private void forget(Stream stream) {
        byUser.computeIfPresent(stream.userId, (user, streams) -> {
            streams.remove(stream);
            return streams.isEmpty() ? null : streams;
        });
        open.decrementAndGet();
    }

    /** One open stream: written on its request's Vert.x context, closed once. */
    private final class Stream {
        final String userId;
        final String sessionId;
        final long expiresAtMillis;
        final SseEventSink sink;
        final Sse sse;
        final Context context;
        final AtomicInteger pending = new AtomicInteger();
        final AtomicBoolean closed = new AtomicBoolean();
        volatile long lastSent;

        Stream(AccessToken caller, SseEventSink sink, Sse sse, Context context) {
            this.userId = caller.userId();
            this.sessionId = caller.sessionId();
            this.expiresAtMillis = caller.expiresAt() * 1000;
            this.sink = sink;
            this.sse = sse;
            this.context = context;
            this.lastSent = clock.millis();
        }

        void event(String name, String data) {
            send(sse.newEventBuilder().name(name).data(data).build());
        }

        void comment(String text) {
            send(sse.newEventBuilder().comment(text).build());
        }

        private void send(OutboundSseEvent event) {
            if (closed.get()) {
                return;
            }
            if (pending.incrementAndGet() > queue) {
                // a client that does not read is not worth a growing queue
                close();
                return;
            }
            lastSent = clock.millis();
            run(() -> {
                if (sink.isClosed()) {
                    // the client went away since the last tick: the sink refuses to send (it throws), and the
                    // stream is done
                    pending.decrementAndGet();
                    close();
                    return;
                }
                sink.send(event).whenComplete((sent, failure) -> {
                    pending.decrementAndGet();
                    if (failure != null) {
                        close();
                    }
                });
            });
        }

        void close() {
            if (closed.compareAndSet(false, true)) {
                forget(this);
                run(sink::close);
            }
        }

        private void run(Runnable action) {
            if (context == null || Vertx.currentContext() == context) {
                action.run();
            } else {
                context.runOnContext(ignored -> action.run());
            }
        }
    }
}
