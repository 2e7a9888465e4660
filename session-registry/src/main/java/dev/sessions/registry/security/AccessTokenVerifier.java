package dev.sessions.registry.security;

import java.math.BigInteger;
import java.time.Clock;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import org.jose4j.jca.ProviderContext;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.jwx.JsonWebStructure;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;
import org.jose4j.lang.JoseException;

import dev.sessions.contract.redis.RedisKeys;
import dev.sessions.contract.signature.TokenSignatures;
import dev.sessions.registry.config.RegistryConfig;

/**
 * Verifies access tokens: asymmetric signature (RS256, ES256 or EdDSA only) against auth-service's JWK Set,
 * issuer, {@code exp}, and the claims the registry needs. Verified tokens are remembered until they expire, so a
 * token seen before costs a map lookup. A token must name its key ({@code kid}): auth-service always does, and a token
 * without one would be tried against whichever key fits. An ES256 signature {@code (r, s)} has a twin {@code (r, n - s)}
 * that verifies as well; the registry reads every ES256 token in its low-s form, so both strings are one token (one
 * verification, one answer) rather than two. A high-s spelling, once read, is remembered beside its low-s form: about
 * half of all ES256 signatures are high-s, and parsing one again on every request to find its low-s form cost the check
 * path 8% of the registry's CPU (docs/benchmarks.md).
 */
@ApplicationScoped
public class AccessTokenVerifier {

    private static final AlgorithmConstraints ASYMMETRIC_ONLY = new AlgorithmConstraints(
            AlgorithmConstraints.ConstraintType.PERMIT,
            AlgorithmIdentifiers.RSA_USING_SHA256,
            AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256,
            AlgorithmIdentifiers.EDDSA);
    private static final int MAX_TOKEN_LENGTH = 8192;
    // BouncyCastle checks signatures: ES256 about six times faster than the JDK 17 provider, and a token's first check
    // is that verification (ADR 5)
    private static final ProviderContext SIGNATURES = TokenSignatures.context();
    private static final BigInteger P256_ORDER =
            new BigInteger("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", 16);
    private static final BigInteger P256_HALF_ORDER = P256_ORDER.shiftRight(1);

    private final JwksClient jwks;
    private final String issuer;
    private final int skewSeconds;
    private final long maxLifetimeSeconds;
    private final Cache<String, AccessToken> verified;

    private volatile ConsumerForKeys consumer;
    private final Clock clock;

    AccessTokenVerifier(JwksClient jwks, RegistryConfig config, Clock clock) {
        this.clock = clock;
        this.jwks = jwks;
        this.issuer = config.issuer();
        this.skewSeconds = (int) config.token().clockSkew().toSeconds();
        // whole seconds, as exp and iat are: a lifetime of 1.5 s gives exp - iat of 1 or 2
        this.maxLifetimeSeconds = (config.token().maxLifetime().toMillis() + 999) / 1000;
        this.verified = Caffeine.newBuilder()
                .maximumSize(config.token().cacheSize())
                .expireAfter(new UntilTokenExpiry(skewSeconds, clock))
                .build();
    }

    /** The first signature check loads BouncyCastle's EC classes: done beside the start rather than by a request. */
    void warmUp(@Observes StartupEvent event) {
        TokenSignatures.warmUpInBackground();
    }

    /** The token's claims; fails with {@link InvalidTokenException} or {@link DecisionUnavailableException}. */
    public Uni<AccessToken> verify(String presented) {
        AccessToken known = presented == null ? null : verified.getIfPresent(presented);
        if (known != null) {
            return notExpired(known) ? Uni.createFrom().item(known) : invalid("the token has expired");
        }
        if (presented == null || presented.length() > MAX_TOKEN_LENGTH) {
            return invalid("the token is malformed");
        }
        String kid;
        String token;
        try {
            JsonWebStructure structure = JsonWebStructure.fromCompactSerialization(presented);
            kid = structure.getKeyIdHeaderValue();
            token = AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256.equals(structure.getAlgorithmHeaderValue())
                    ? lowS(presented)
                    : presented;
        } catch (JoseException | RuntimeException e) {
            return invalid("the token is malformed");
        }
        if (kid == null || kid.isBlank()) {
            return invalid("the token names no signing key (kid)");
        }
        if (!token.equals(presented)) {
            AccessToken twin = verified.getIfPresent(token);
            if (twin != null) {
                if (!notExpired(twin)) {
                    return invalid("the token has expired");
                }
                verified.put(presented, twin);
                return Uni.createFrom().item(twin);
            }
        }
        return jwks.keysFor(kid).map(keys -> {
            AccessToken accepted = check(token, keys);
            verified.put(token, accepted);
            if (!token.equals(presented)) {
                verified.put(presented, accepted);
            }
            return accepted;
        });
    }

    /**
     * The token with its ES256 signature in low-s form ({@code s <= n/2}); unchanged when it already is, or when the
     * signature is not 64 bytes (verification refuses that).
     */
    static String lowS(String token) {
        int dot = token.lastIndexOf('.');
        byte[] signature = Base64.getUrlDecoder().decode(token.substring(dot + 1));
        if (signature.length != 64) {
            return token;
        }
        BigInteger s = new BigInteger(1, Arrays.copyOfRange(signature, 32, 64));
        if (s.compareTo(P256_HALF_ORDER) <= 0) {
            return token;
        }
        byte[] low = P256_ORDER.subtract(s).toByteArray();
        byte[] canonical = Arrays.copyOf(signature, 64);
        Arrays.fill(canonical, 32, 64, (byte) 0);
        int length = Math.min(32, low.length);
        System.arraycopy(low, low.length - length, canonical, 64 - length, length);
        return token.substring(0, dot + 1)
                + Base64.getUrlEncoder().withoutPadding().encodeToString(canonical);
    }

    private AccessToken check(String token, JsonWebKeySet keys) {
        JwtClaims claims;
        try {
            claims = consumerFor(keys).processToClaims(token);
        } catch (InvalidJwtException e) {
            throw new InvalidTokenException(e.hasExpired() ? "the token has expired" : "the token is not valid");
        }
        try {
            String sid = claims.getStringClaimValue("sid");
            if (claims.getSubject() == null || sid == null || claims.getIssuedAt() == null) {
                throw new InvalidTokenException("the token lacks sub, sid or iat");
            }
            if (claims.getExpirationTime().getValue() - claims.getIssuedAt().getValue() > maxLifetimeSeconds) {
                // its revocation would lapse from the denylist before the token does
                throw new InvalidTokenException("the token lives longer than this registry accepts");
            }
            List<String> roles = claims.hasClaim("groups")
                    ? List.copyOf(new LinkedHashSet<>(claims.getStringListClaimValue("groups")))
                    : List.of();
            // a token issued before the conversion of ADR 4's layout names the session's old id (ADR 15)
            return new AccessToken(
                    claims.getSubject(),
                    RedisKeys.sessionIdOfToken(claims.getSubject(), sid),
                    roles,
                    claims.getIssuedAt().getValue(),
                    claims.getExpirationTime().getValue(),
                    claims.getJwtId(),
                    claims.getStringClaimValue("email"));
        } catch (MalformedClaimException e) {
            throw new InvalidTokenException("the token's claims are malformed");
        }
    }

    private JwtConsumer consumerFor(JsonWebKeySet keys) {
        ConsumerForKeys current = consumer;
        if (current != null && current.keys() == keys) {
            return current.consumer();
        }
        JwtConsumer built = new JwtConsumerBuilder()
                .setVerificationKeyResolver(new JwksVerificationKeyResolver(List.copyOf(keys.getJsonWebKeys())))
                .setJwsAlgorithmConstraints(ASYMMETRIC_ONLY)
                .setJwsProviderContext(SIGNATURES)
                .setExpectedIssuer(issuer)
                .setRequireExpirationTime()
                .setRequireIssuedAt()
                .setRequireSubject()
                .setAllowedClockSkewInSeconds(skewSeconds)
                .setSkipDefaultAudienceValidation()
                .build();
        consumer = new ConsumerForKeys(keys, built);
        return built;
    }

    private boolean notExpired(AccessToken token) {
        return token.expiresAt() + skewSeconds > clock.millis() / 1000;
    }

    private static <T> Uni<T> invalid(String reason) {
        return Uni.createFrom().failure(new InvalidTokenException(reason));
    }

    /** A consumer built for one key set. */
    private record ConsumerForKeys(JsonWebKeySet keys, JwtConsumer consumer) {}

    /** Keeps a verified token exactly as long as it can still be accepted. */
    private record UntilTokenExpiry(int skewSeconds, Clock clock) implements Expiry<String, AccessToken> {

        @Override
        public long expireAfterCreate(String key, AccessToken value, long currentTime) {
            long remaining = value.expiresAt() + skewSeconds - clock.millis() / 1000;
            return TimeUnit.SECONDS.toNanos(Math.max(0, remaining));
        }

        @Override
        public long expireAfterUpdate(String key, AccessToken value, long currentTime, long currentDuration) {
            return currentDuration;
        }

        @Override
        public long expireAfterRead(String key, AccessToken value, long currentTime, long currentDuration) {
            return currentDuration;
        }
    }
}
