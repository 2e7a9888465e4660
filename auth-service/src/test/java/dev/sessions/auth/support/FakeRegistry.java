package dev.sessions.auth.support;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import org.jboss.logging.Logger;
import org.jose4j.jwk.HttpsJwks;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.HttpsJwksVerificationKeyResolver;

import dev.sessions.contract.internal.ClientHints;
import dev.sessions.contract.internal.EndSessionRequest;
import dev.sessions.contract.internal.OpenSessionRequest;
import dev.sessions.contract.internal.OpenedSession;
import dev.sessions.contract.internal.RefreshSessionRequest;
import dev.sessions.contract.internal.RefreshedSession;
import dev.sessions.contract.internal.RevokeUserRequest;
import dev.sessions.contract.internal.RevokedCount;
import dev.sessions.contract.redis.RedisKeys;
import dev.sessions.contract.session.SessionFlag;

/**
 * An in-process stand-in for session-registry: its internal API (the contract's {@code InternalSessionApi})
 * with live sessions in memory, and what the registry does in the Redis both services share, as far as auth-service
 * sees it: it reads the account state {@code a:{b}:<uid>} when it opens or refreshes a session (403/409/404), and a
 * session it ends gets its denylist entry {@code rv:{b}:<sid>} and an announcement on the revocation channel, which it
 * also acknowledges like a registry instance (ADR 7). Its four operations have exactly the signatures of
 * {@code SessionRegistryClient}'s methods; the HTTP layer below maps them onto the wire as the registry does. It does not
 * declare {@code implements}: Quarkus would take a class of the test classpath that implements a {@code @Path}
 * interface for one of the application's own endpoints (a bean it cannot build). Moved into a jar Quarkus does not
 * index (test-fixtures), it can implement the shared interface of the contract module.
 *
 * <p>For the tests it also answers what the registry answers a token's holder ({@code GET /check},
 * {@code GET /sessions/current}, {@code DELETE /sessions[/{sid}]}; tokens verified against auth-service's JWKS), and
 * {@code GET /fake/sessions/{sid}}: a session as this fake holds it, with the call that ended it, and
 * {@code GET /fake/hints/{sid}}: the User-Agent and client hints of the session's last open or refresh call, and
 * {@code GET /fake/outbox/{userId}}: the history outbox entries about a user, which auth-service appends itself, and
 * {@code GET /q/health/ready} as the registry's readiness, which {@code DELETE /fake/ready} turns down and
 * {@code PUT /fake/ready} up again, and {@code DELETE /fake/internal} makes every internal call fail (503) until
 * {@code PUT /fake/internal}. It
 * answers a sign-in from a User-Agent new to the user with {@code NEW_DEVICE}, as the registry's flag rules would. What needs the real
 * registry (its Lua scripts racing a deactivation, its history in PostgreSQL) is tested in e2e-tests.
 */
final class FakeRegistry {

    /** How long a denylist entry lives; the registry's default (token lifetime + skew + a minute) is of this order. */
    private static final Duration DENYLIST_TTL = Duration.ofMinutes(20);
    /** How long the registry keeps a session's hash past its deadline (open_session.lua). */
    private static final Duration KEPT_PAST_DEADLINE = Duration.ofMinutes(1);

    /** At most this many sessions ended by one sign-in over the cap, as the registry does. */
    private static final int CAP_EVICTIONS_PER_CALL = 8;

    private static final Logger LOG = Logger.getLogger(FakeRegistry.class);

    private static final SecureRandom RANDOM = new SecureRandom();

    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** A session as the fake holds it; {@code ended} is the end call (or the registry's own ending) once not live. */
    record FakeSession(
            String sessionId,
            String userId,
            Instant createdAt,
            Instant lastActiveAt,
            Instant expiresAt,
            Instant maxExpiresAt,
            boolean rememberMe,
            String ipAddress,
            EndSessionRequest ended,
            boolean mfa) {

        boolean live(Instant now) {
            return ended == null && expiresAt.isAfter(now);
        }
    }

    private final Map<String, FakeSession> sessions = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> agentsSeen = new ConcurrentHashMap<>();
    private final Map<String, Hold> holds = new ConcurrentHashMap<>();
    /** The client hints and User-Agent of each session's last open or refresh call, for {@code GET /fake/hints/{sid}}. */
    private final Map<String, Map<String, Object>> devices = new ConcurrentHashMap<>();

    private final AtomicBoolean ready = new AtomicBoolean(true);
    private final AtomicBoolean internalUp = new AtomicBoolean(true);

    private final String internalToken;
    private final String channel;
    private final String instance = "fake-registry#" + UUID.randomUUID();
    private final RedisKeys keys;
    private final Vertx vertx;
    private final RedisAPI redis;
    private final Redis subscriberClient;
    private final JwtConsumer tokens;
    private HttpServer server;
    private long startedAt;

    FakeRegistry(String internalToken, String channel, String redisUrl, String jwksUrl, RedisKeys keys) {
        this.internalToken = internalToken;
        this.keys = keys;
        this.channel = channel;
        this.vertx = Vertx.vertx();
        // room for every request of a test that sends many at once (the client's default queue of 24 waiting for one of
        // 6 connections refused the 25th, which a caller saw as the registry failing)
        this.redis = RedisAPI.api(Redis.createClient(
                vertx,
                new RedisOptions()
                        .setConnectionString(redisUrl)
                        .setMaxPoolSize(16)
                        .setMaxPoolWaiting(4096)));
        this.subscriberClient = Redis.createClient(vertx, redisUrl);
        this.tokens = new JwtConsumerBuilder()
                .setVerificationKeyResolver(new HttpsJwksVerificationKeyResolver(new HttpsJwks(jwksUrl)))
                .setExpectedIssuer("session-backend")
                .setRequireSubject()
                .setAllowedClockSkewInSeconds(5)
                .build();
    }

    /** Listens on a free loopback port and subscribes to the revocation channel; answers the base URL. */
    String start() {
        startedAt = System.currentTimeMillis();
        RedisConnection subscriber = await(subscriberClient.connect());
        subscriber.handler(this::acknowledge);
        await(subscriber.send(Request.cmd(Command.SUBSCRIBE).arg(channel)));
        server = await(vertx.createHttpServer().requestHandler(this::handle).listen(0, "127.0.0.1"));
        return "http://127.0.0.1:" + server.actualPort();
    }

    /**
     * Stops, taking out of the outbox what this run's auth-service appended: no registry drained it, and a registry
     * started later on the same Redis (its own module tests) would have to work through it first.
     */
    void stop() {
        try {
            for (String bucket : RedisKeys.buckets()) {
                String outbox = keys.outbox(bucket);
                List<String> appended = new ArrayList<>();
                await(redis.xrange(List.of(outbox, Long.toString(startedAt), "+")))
                        .forEach(entry -> appended.add(entry.get(0).toString()));
                if (!appended.isEmpty()) {
                    List<String> args = new ArrayList<>(List.of(outbox));
                    args.addAll(appended);
                    await(redis.xdel(args));
                }
            }
        } finally {
            await(vertx.close());
        }
    }

    // --- the internal API: the client's interface, refusals as Refused (the status the registry answers) ---

    /** A refusal of the internal API: the registry answers it with this status as a problem document. */
    static final class Refused extends RuntimeException {
        private final int status;

        Refused(int status, String title) {
            super(title, null, false, false);
            this.status = status;
        }
    }

    /** {@code POST /internal/sessions}: 201, or 403 (account off) or 409 (account epoch moved on). */
    public Uni<OpenedSession> open(OpenSessionRequest body) {
        return uni(gate(body.userId()).compose(open -> account(body.userId())).compose(account -> {
            if (account.off()) {
                throw new Refused(403, "Account deactivated");
            }
            if (body.accountEpoch() != null && account.epoch() != body.accountEpoch()) {
                throw new Refused(409, "Account changed");
            }
            Instant now = Instant.now();
            if (body.maxSessions() != null && body.maxSessions() > 0) {
                endBeyondCap(body.userId(), body.maxSessions() - 1, now);
            }
            String sessionId = RedisKeys.newSessionId(body.userId(), RANDOM);
            devices.put(sessionId, device(body.userAgent(), body.clientHints()));
            FakeSession opened = new FakeSession(
                    sessionId,
                    body.userId(),
                    now,
                    now,
                    body.expiresAt(),
                    body.maxExpiresAt(),
                    Boolean.TRUE.equals(body.rememberMe()),
                    body.ipAddress(),
                    null,
                    Boolean.TRUE.equals(body.mfa()));
            sessions.put(sessionId, opened);
            return writeSession(opened)
                    .map(written -> new OpenedSession(
                            sessionId,
                            now,
                            body.expiresAt(),
                            flags(body.userId(), body.userAgent()),
                            device(body.userAgent()),
                            null));
        }));
    }

    /**
     * Where a test holds the next opening of a user's session (a sign-in in flight), until it releases it: the account
     * is read only after the release, as the registry's script reads it only when it runs.
     */
    private Future<Void> gate(String userId) {
        Hold hold = holds.get(userId);
        if (hold == null) {
            return Future.succeededFuture();
        }
        hold.reached().set(true);
        return hold.release().future();
    }

    /** A held opening: whether it arrived, and what releases it. */
    private record Hold(Promise<Void> release, AtomicBoolean reached) {}

    /**
     * The registry's {@code NEW_DEVICE} rule as far as these tests need it: a sign-in whose User-Agent no earlier
     * sign-in of the user had, except the first, carries it. The registry's own rules are tested in its module.
     */
    private List<SessionFlag> flags(String userId, String userAgent) {
        Set<String> seen = agentsSeen.computeIfAbsent(userId, id -> ConcurrentHashMap.newKeySet());
        boolean first = seen.isEmpty();
        boolean known = !seen.add(String.valueOf(userAgent));
        return first || known ? List.of() : List.of(SessionFlag.NEW_DEVICE);
    }

    /** The device the registry would read from the test's two User-Agents: an iPhone, or else a Windows computer. */
    private static OpenedSession.Device device(String userAgent) {
        return userAgent != null && userAgent.contains("iPhone")
                ? new OpenedSession.Device("Smartphone", "iOS", "Safari")
                : new OpenedSession.Device("Computer", "Windows", "Chrome");
    }

    /**
     * {@code POST /internal/sessions/{sid}/refresh}: 200 with the roles cached for the account's current epoch, or 404
     * when not live, not the named user's, or its account is off.
     */
    public Uni<RefreshedSession> refresh(String sessionId, RefreshSessionRequest body) {
        FakeSession known = sessions.get(sessionId);
        if (known == null || (body.userId() != null && !body.userId().equals(known.userId()))) {
            return Uni.createFrom().failure(new Refused(404, "Session not found"));
        }
        devices.put(sessionId, device(body.userAgent(), body.clientHints()));
        return uni(account(known.userId()).compose(account -> {
            Instant now = Instant.now();
            FakeSession session = sessions.get(sessionId);
            if (account.off() || !session.live(now)) {
                throw new Refused(404, "Session not found");
            }
            Instant expiresAt =
                    body.expiresAt().isAfter(session.maxExpiresAt()) ? session.maxExpiresAt() : body.expiresAt();
            FakeSession extended = new FakeSession(
                    sessionId,
                    session.userId(),
                    session.createdAt(),
                    now,
                    expiresAt,
                    session.maxExpiresAt(),
                    session.rememberMe(),
                    body.ipAddress() == null ? session.ipAddress() : body.ipAddress(),
                    null,
                    session.mfa());
            sessions.put(sessionId, extended);
            return writeSession(extended)
                    .map(written -> new RefreshedSession(sessionId, session.userId(), expiresAt, account.roles()));
        }));
    }

    /** {@code POST /internal/sessions/{sid}/end}: 204, or 404 when not live. */
    public Uni<Void> end(String sessionId, EndSessionRequest body) {
        FakeSession session = sessions.get(sessionId);
        if (session == null || !session.live(Instant.now())) {
            return Uni.createFrom().failure(new Refused(404, "Session not found"));
        }
        return uni(endLive(session, body));
    }

    /** {@code POST /internal/users/{userId}/revoke}: 200 with the number of sessions ended. */
    public Uni<RevokedCount> revokeUser(String userId, RevokeUserRequest body) {
        List<FakeSession> live = liveSessionsOf(userId, Instant.now()).stream()
                .filter(session -> !session.sessionId().equals(body.exceptSessionId()))
                .toList();
        EndSessionRequest ending = new EndSessionRequest("REVOKED", body.reason(), body.actorType(), body.actorId());
        return uni(Future.all(
                        live.stream().map(session -> endLive(session, ending)).toList())
                .map(done -> new RevokedCount(live.size())));
    }

    private static <T> Uni<T> uni(Future<T> future) {
        return Uni.createFrom().completionStage(future.toCompletionStage());
    }

    /** The HTTP answer of an internal call: its success status with the body, or the refusal's problem document. */
    private static Future<Reply> answer(int status, Uni<?> call) {
        return Future.fromCompletionStage(call.subscribeAsCompletionStage())
                .<Reply>map(body -> body == null ? Reply.empty(status) : Reply.json(status, body))
                .recover(failure -> failure instanceof Refused refused
                        ? Future.succeededFuture(Reply.problem(refused.status, refused.getMessage()))
                        : Future.failedFuture(failure));
    }

    // --- what the registry answers a token's holder ---

    private Future<Reply> check(HttpServerRequest request) {
        return holder(request)
                .map(session -> session.isPresent() ? Reply.empty(204) : Reply.problem(401, "Unauthorized"));
    }

    private Future<Reply> currentSession(HttpServerRequest request) {
        return holder(request)
                .map(found -> found.map(session -> Reply.json(
                                200,
                                Map.of(
                                        "sessionId",
                                        session.sessionId(),
                                        "createdAt",
                                        session.createdAt().toString(),
                                        "lastActiveAt",
                                        session.lastActiveAt().toString(),
                                        "expiresAt",
                                        session.expiresAt().toString(),
                                        "rememberMe",
                                        session.rememberMe())))
                        .orElse(Reply.problem(401, "Unauthorized")));
    }

    private Future<Reply> endOwnSessions(HttpServerRequest request, String onlySessionId) {
        return holder(request).compose(found -> {
            if (found.isEmpty()) {
                return Future.succeededFuture(Reply.problem(401, "Unauthorized"));
            }
            FakeSession caller = found.get();
            if (onlySessionId != null) {
                FakeSession target = sessions.get(onlySessionId);
                if (target == null || !target.userId().equals(caller.userId()) || !target.live(Instant.now())) {
                    return Future.succeededFuture(Reply.problem(404, "Session not found"));
                }
                return endLive(target, new EndSessionRequest("REVOKED", "USER_REVOKED", "USER", caller.userId()))
                        .map(Reply.empty(204));
            }
            List<FakeSession> live = liveSessionsOf(caller.userId(), Instant.now());
            EndSessionRequest ending = new EndSessionRequest("REVOKED", "SIGN_OUT_ALL", "USER", caller.userId());
            return Future.all(live.stream()
                            .map(session -> endLive(session, ending))
                            .toList())
                    .map(done -> Reply.json(200, Map.of("revoked", live.size())));
        });
    }

    /** The live session of the request's bearer token, verified against auth-service's JWKS. */
    private Future<Optional<FakeSession>> holder(HttpServerRequest request) {
        String header = Optional.ofNullable(request.getHeader("Authorization")).orElse("");
        if (!header.startsWith("Bearer ")) {
            return Future.succeededFuture(Optional.empty());
        }
        return vertx.<Optional<String>>executeBlocking(() -> {
                    try {
                        return Optional.ofNullable(
                                tokens.processToClaims(header.substring(7)).getStringClaimValue("sid"));
                    } catch (Exception e) {
                        return Optional.empty();
                    }
                })
                .map(sid -> sid.map(sessions::get).filter(session -> session.live(Instant.now())));
    }

    // --- what the registry writes to the shared Redis ---

    private void endBeyondCap(String userId, int keep, Instant now) {
        List<FakeSession> live = new ArrayList<>(liveSessionsOf(userId, now));
        live.sort(Comparator.comparing(FakeSession::lastActiveAt).thenComparing(FakeSession::createdAt));
        int beyond = Math.min(live.size() - keep, CAP_EVICTIONS_PER_CALL);
        for (int i = 0; i < beyond; i++) {
            endLive(live.get(i), new EndSessionRequest("REVOKED", "SESSION_LIMIT", "SYSTEM", null));
        }
    }

    /** Ends a live session at once (as the registry's script does), then writes its denylist entry and announces it. */
    private Future<Void> endLive(FakeSession session, EndSessionRequest ending) {
        sessions.put(
                session.sessionId(),
                new FakeSession(
                        session.sessionId(),
                        session.userId(),
                        session.createdAt(),
                        session.lastActiveAt(),
                        session.expiresAt(),
                        session.maxExpiresAt(),
                        session.rememberMe(),
                        session.ipAddress(),
                        ending,
                        session.mfa()));
        long until = Instant.now().plus(DENYLIST_TTL).toEpochMilli();
        String reason = "SIGNED_OUT".equals(ending.type()) ? "SIGNED_OUT" : ending.reason();
        String announcement = toJson(Map.of("sid", session.sessionId(), "uid", session.userId(), "until", until));
        return redis.del(List.of(keys.session(session.sessionId())))
                .compose(deleted -> redis.set(List.of(
                        keys.revoked(session.sessionId()), reason, "PX", Long.toString(DENYLIST_TTL.toMillis()))))
                .compose(ok -> redis.publish(channel, announcement))
                .mapEmpty();
    }

    /**
     * The session's hash as far as auth-service reads it (ADR 20: its refresh chain lives in it): user, deadline,
     * maximum expiry, remember-me and second factor when set, kept a minute past the deadline as the registry keeps it.
     * No address: a refresh's extension in the rotation's own step (ADR 19) is then never taken, and this registry is
     * asked, unless a test writes one.
     */
    private Future<Void> writeSession(FakeSession session) {
        String key = keys.session(session.sessionId());
        List<String> fields = new ArrayList<>(List.of(
                key,
                "u",
                session.userId(),
                "e",
                Long.toString(session.expiresAt().toEpochMilli()),
                "m",
                Long.toString(session.maxExpiresAt().toEpochMilli())));
        if (session.rememberMe()) {
            fields.addAll(List.of("r", "1"));
        }
        if (session.mfa()) {
            fields.addAll(List.of("mfa", "1"));
        }
        return redis.hset(fields)
                .compose(written -> redis.pexpireat(List.of(
                        key, Long.toString(session.expiresAt().toEpochMilli() + KEPT_PAST_DEADLINE.toMillis()))))
                .mapEmpty();
    }

    /** An account's state; {@code roles}: those cached for its current epoch, else null. */
    private record Account(long epoch, boolean off, List<String> roles) {}

    private Future<Account> account(String userId) {
        return redis.hmget(List.of(keys.account(userId), "v", "off", "roles", "rv"))
                .map(fields -> {
                    long epoch = fields.get(0) == null ? 0 : fields.get(0).toLong();
                    boolean cached = fields.get(2) != null
                            && fields.get(3) != null
                            && fields.get(3).toLong() == epoch;
                    return new Account(
                            epoch,
                            fields.get(1) != null && "1".equals(fields.get(1).toString()),
                            cached
                                    ? Arrays.stream(fields.get(2).toString().split(","))
                                            .filter(role -> !role.isEmpty())
                                            .toList()
                                    : null);
                });
    }

    /** Acknowledges an acknowledgement request on the channel as a registry instance does: the id and its name. */
    private void acknowledge(Response message) {
        if (message.type() != io.vertx.redis.client.ResponseType.PUSH
                || message.size() < 3
                || !"message".equals(message.get(0).toString())) {
            return;
        }
        try {
            Map<?, ?> body = JSON.readValue(message.get(2).toString(), Map.class);
            Object ack = body.get("ack");
            Object to = body.get("to");
            if (ack instanceof String id && to instanceof String replies && replies.startsWith(channel + ":acks:")) {
                redis.publish(replies, id + " " + instance);
            }
        } catch (Exception e) {
            // not an acknowledgement request: announcements and heartbeats need no answer
        }
    }

    /** The entries of the history outbox about a user, oldest first: what auth-service appended, as the drain reads it. */
    private Future<List<Map<String, String>>> outboxOf(String userId) {
        return redis.xrange(List.of(keys.outbox(RedisKeys.bucketOfUser(userId)), "-", "+"))
                .map(entries -> {
                    List<Map<String, String>> found = new ArrayList<>();
                    for (Response entry : entries) {
                        Map<String, String> fields = new HashMap<>();
                        Response pairs = entry.get(1);
                        for (int i = 0; i + 1 < pairs.size(); i += 2) {
                            fields.put(pairs.get(i).toString(), pairs.get(i + 1).toString());
                        }
                        if (userId.equals(fields.get("userId"))) {
                            found.add(fields);
                        }
                    }
                    return found;
                });
    }

    private List<FakeSession> liveSessionsOf(String userId, Instant now) {
        return sessions.values().stream()
                .filter(s -> s.userId().equals(userId) && s.live(now))
                .toList();
    }

    // --- HTTP ---

    private void handle(HttpServerRequest request) {
        request.body()
                .compose(body -> {
                    try {
                        return route(request, body.toString());
                    } catch (Exception e) {
                        return Future.failedFuture(e);
                    }
                })
                .recover(failure -> Future.succeededFuture(failed(failure)))
                .onSuccess(reply -> reply.send(request));
    }

    /** A body that does not parse is the caller's fault (400); anything else is the fake's own, said as such (500). */
    private static Reply failed(Throwable failure) {
        if (failure instanceof JacksonException) {
            return Reply.problem(400, "Bad Request");
        }
        LOG.warnf(failure, "fake registry failed");
        return Reply.problem(500, "Internal Server Error");
    }

    private Future<Reply> route(HttpServerRequest request, String body) throws Exception {
        String[] path = request.path().substring(1).split("/");
        String method = request.method().name();
        if (path[0].equals("internal")) {
            if (!("Bearer " + internalToken).equals(request.getHeader("Authorization"))) {
                return Future.succeededFuture(Reply.problem(401, "Unauthorized"));
            }
            if (!internalUp.get()) {
                return Future.succeededFuture(Reply.problem(503, "Service Unavailable"));
            }
            if (method.equals("POST") && path.length == 2 && path[1].equals("sessions")) {
                return answer(201, open(JSON.readValue(body, OpenSessionRequest.class)));
            }
            if (method.equals("POST") && path.length == 4 && path[1].equals("sessions") && path[3].equals("refresh")) {
                return answer(200, refresh(path[2], JSON.readValue(body, RefreshSessionRequest.class)));
            }
            if (method.equals("POST") && path.length == 4 && path[1].equals("sessions") && path[3].equals("end")) {
                return answer(204, end(path[2], JSON.readValue(body, EndSessionRequest.class)));
            }
            if (method.equals("POST") && path.length == 4 && path[1].equals("users") && path[3].equals("revoke")) {
                return answer(200, revokeUser(path[2], JSON.readValue(body, RevokeUserRequest.class)));
            }
        } else if (method.equals("GET") && path.length == 1 && path[0].equals("check")) {
            return check(request);
        } else if (method.equals("GET")
                && path.length == 2
                && path[0].equals("sessions")
                && path[1].equals("current")) {
            return currentSession(request);
        } else if (method.equals("DELETE") && path[0].equals("sessions") && path.length <= 2) {
            return endOwnSessions(request, path.length == 2 ? path[1] : null);
        } else if (method.equals("GET") && path.length == 3 && path[0].equals("fake") && path[1].equals("sessions")) {
            FakeSession session = sessions.get(path[2]);
            return Future.succeededFuture(
                    session == null ? Reply.problem(404, "Session not found") : Reply.json(200, session));
        } else if (path.length == 3 && path[0].equals("fake") && path[1].equals("holds")) {
            return Future.succeededFuture(hold(method, path[2]));
        } else if (method.equals("GET") && path.length == 3 && path[0].equals("fake") && path[1].equals("hints")) {
            return Future.succeededFuture(Reply.json(200, devices.getOrDefault(path[2], Map.of())));
        } else if (method.equals("GET") && request.path().equals("/q/health/ready")) {
            return Future.succeededFuture(
                    Reply.json(ready.get() ? 200 : 503, Map.of("status", ready.get() ? "UP" : "DOWN")));
        } else if (path.length == 2 && path[0].equals("fake") && path[1].equals("ready")) {
            ready.set(method.equals("PUT"));
            return Future.succeededFuture(Reply.empty(204));
        } else if (path.length == 2 && path[0].equals("fake") && path[1].equals("internal")) {
            internalUp.set(method.equals("PUT"));
            return Future.succeededFuture(Reply.empty(204));
        } else if (method.equals("GET") && path.length == 3 && path[0].equals("fake") && path[1].equals("outbox")) {
            return outboxOf(path[2]).map(entries -> Reply.json(200, entries));
        }
        return Future.succeededFuture(Reply.problem(404, "Not Found"));
    }

    /** {@code POST /fake/holds/{userId}} holds the next opening, {@code GET} says whether it arrived, {@code DELETE} releases it. */
    private Reply hold(String method, String userId) {
        switch (method) {
            case "POST" -> {
                holds.put(userId, new Hold(Promise.promise(), new AtomicBoolean()));
                return Reply.empty(204);
            }
            case "GET" -> {
                Hold hold = holds.get(userId);
                return Reply.json(
                        200, Map.of("reached", hold != null && hold.reached().get()));
            }
            case "DELETE" -> {
                Hold hold = holds.remove(userId);
                if (hold != null) {
                    hold.release().tryComplete();
                }
                return Reply.empty(204);
            }
            default -> {
                return Reply.problem(405, "Method Not Allowed");
            }
        }
    }

    private static Map<String, Object> device(String userAgent, ClientHints hints) {
        Map<String, Object> device = new java.util.HashMap<>();
        device.put("userAgent", userAgent);
        device.put("clientHints", hints);
        return device;
    }

    /** An HTTP answer: a status and a JSON body (a problem document for errors), or none. */
    record Reply(int status, String contentType, String body) {

        static Reply json(int status, Object body) {
            return new Reply(status, "application/json", toJson(body));
        }

        static Reply empty(int status) {
            return new Reply(status, null, null);
        }

        static Reply problem(int status, String title) {
            return new Reply(
                    status,
                    "application/problem+json",
                    toJson(Map.of("type", "about:blank", "status", status, "title", title)));
        }

        void send(HttpServerRequest request) {
            request.response().setStatusCode(status);
            if (body == null) {
                request.response().end();
            } else {
                request.response().putHeader("Content-Type", contentType).end(body);
            }
        }
    }

    private static String toJson(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("fake registry: " + e.getMessage(), e);
        }
    }
}
