package dev.sessions.bench.jmh;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import com.github.benmanes.caffeine.cache.Cache;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.http.HttpServer;
import org.jose4j.jwk.EllipticCurveJsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import dev.sessions.registry.check.AccessCheck;
import dev.sessions.registry.config.RegistryConfig;
import dev.sessions.registry.revocation.Denylist;
import dev.sessions.registry.security.AccessToken;
import dev.sessions.registry.security.AccessTokenVerifier;
import dev.sessions.registry.security.JwksClient;
import dev.sessions.registry.session.ActivityRecorder;

/**
 * The registry's check decision ({@link AccessCheck#admit}) as /check runs it, without HTTP: a token already verified
 * (the verified-token cache hit, the common case) and a token not seen before (ES256 signature verification against
 * the JWK Set, then the cache put). The JWK Set is served over loopback by a Vert.x server, fetched once by the real
 * {@link JwksClient}; the denylist is in its live near-cache state (subscribed and loaded), as in production.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class CheckDecisionBenchmark {

    private static final int TOKENS = 1024;

    private Vertx vertx;
    private AccessCheck check;
    private Cache<String, AccessToken> verifiedCache;
    private final String[] tokens = new String[TOKENS];
    private int next;

    @Setup
    @SuppressWarnings("unchecked")
    public void setUp() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair key = generator.generateKeyPair();
        EllipticCurveJsonWebKey jwk =
                new EllipticCurveJsonWebKey((java.security.interfaces.ECPublicKey) key.getPublic());
        jwk.setKeyId("bench");
        jwk.setAlgorithm(AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256);
        String jwks = new JsonWebKeySet(jwk).toJson();

        vertx = Vertx.vertx();
        HttpServer server = vertx.createHttpServer()
                .requestHandler(request -> request.response()
                        .putHeader("Content-Type", "application/json")
                        .endAndForget(jwks))
                .listen(0, "127.0.0.1")
                .await()
                .atMost(Duration.ofSeconds(10));
        RegistryConfig config = RegistryParts.config(
                Map.of("registry.jwks-url", "http://127.0.0.1:" + server.actualPort() + "/auth/jwks.json"));

        JwksClient jwksClient = RegistryParts.inject(JwksClient.class, vertx, config);
        AccessTokenVerifier verifier = RegistryParts.inject(AccessTokenVerifier.class, jwksClient, config);
        Denylist denylist = RegistryParts.inject(Denylist.class, vertx, config, List.of("redis://127.0.0.1:1"));
        // subscribed, loaded and holding its lease: answers come from the near-cache, as on a healthy instance
        RegistryParts.setField(denylist, "live", true);
        RegistryParts.setField(denylist, "leaseUntil", System.nanoTime() + TimeUnit.HOURS.toNanos(1));
        ActivityRecorder activity = RegistryParts.inject(ActivityRecorder.class, config);
        Cache<String, Long> recentlyWritten = (Cache<String, Long>) RegistryParts.field(activity, "recentlyWritten");
        check = RegistryParts.inject(AccessCheck.class, verifier, denylist, activity, config);
        Cache<String, Long> confirmed = (Cache<String, Long>) RegistryParts.field(check, "confirmed");
        verifiedCache = (Cache<String, AccessToken>) RegistryParts.field(verifier, "verified");

        Instant now = Instant.now();
        for (int i = 0; i < TOKENS; i++) {
            String userId = UUID.randomUUID().toString();
            String sessionId = UUID.randomUUID().toString();
            tokens[i] = sign(key, userId, sessionId, now);
            // last activity counts as written: the benchmark measures the decision, not a Redis write once a minute
            recentlyWritten.put(sessionId, now.toEpochMilli());
            // the session's existence confirmed, as after its first token: a new token of it needs no Redis read
            confirmed.put(sessionId, now.getEpochSecond() + 3600);
        }
        for (String token : tokens) {
            check.admit(token).await().atMost(Duration.ofSeconds(10));
        }
    }

    @TearDown
    public void tearDown() {
        vertx.closeAndAwait();
    }

    private static String sign(KeyPair key, String userId, String sessionId, Instant now) throws Exception {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer("session-backend");
        claims.setSubject(userId);
        claims.setClaim("sid", sessionId);
        claims.setStringListClaim("groups", List.of("user"));
        claims.setIssuedAt(NumericDate.fromSeconds(now.getEpochSecond()));
        claims.setExpirationTime(NumericDate.fromSeconds(now.getEpochSecond() + 3600));
        claims.setJwtId(UUID.randomUUID().toString());
        claims.setClaim("email", "bench@example.test");
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(key.getPrivate());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256);
        jws.setKeyIdHeaderValue("bench");
        jws.setHeader("typ", "JWT");
        return jws.getCompactSerialization();
    }

    private AccessToken admitNow(String token) {
        AccessToken[] result = new AccessToken[1];
        check.admit(token).subscribe().with(t -> result[0] = t, f -> {
            throw new IllegalStateException(f);
        });
        if (result[0] == null) {
            throw new IllegalStateException("the decision did not complete synchronously");
        }
        return result[0];
    }

    /** Token verified before: a cache lookup, the denylist near-cache, the activity filter. */
    @Benchmark
    public AccessToken cachedToken() {
        return admitNow(tokens[next++ & (TOKENS - 1)]);
    }

    /** Token not in the verified-token cache: parse, ES256 signature check, claim checks, cache put. */
    @Benchmark
    public AccessToken uncachedToken() {
        String token = tokens[next++ & (TOKENS - 1)];
        verifiedCache.invalidate(token);
        return admitNow(token);
    }
}
