package dev.sessions.auth.token;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.jwt.consumer.JwtContext;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.sessions.auth.support.TestKeys;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The issuer writes its tokens itself (a header encoded once, claims written as JSON, a signer kept per thread): each
 * key's tokens verify with jose4j against the published key and its own algorithm only, carry exactly the contract's
 * claims with any characters in them, and an Ed25519 token (a deterministic signature) is byte for byte the token
 * jose4j signs for the same header and claims.
 */
class AccessTokenIssuerTest {

    private static final Instant NOW = Instant.parse("2026-12-06T21:00:00Z");
    private static final Duration TTL = Duration.ofMinutes(15);
    private static final String ISSUER = "https://auth.example.test/session-backend";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @ParameterizedTest
    @ValueSource(strings = {"ed25519-signing.pem", "signing-key.pem", "rsa-key.pem"})
    void everyKeysTokensVerifyWithItsOwnAlgorithmAndCarryTheContractsClaims(String keyFile) throws Exception {
        SigningKeys keys = keys(keyFile);
        AccessTokenIssuer issuer = new AccessTokenIssuer(keys, ISSUER, TTL, Clock.fixed(NOW, ZoneOffset.UTC));
        String userId = UUID.randomUUID().toString();

        AccessToken token = issuer.issue(
                new TokenSubject(userId, "AAsession-id-of-24-chars", "ann@example.test", List.of("user", "admin")),
                false);

        JwtContext verified = consumer(keys).process(token.value());
        JsonWebSignature jws = (JsonWebSignature) verified.getJoseObjects().get(0);
        assertThat(jws.getAlgorithmHeaderValue()).isEqualTo(keys.algorithm());
        assertThat(jws.getKeyIdHeaderValue()).isEqualTo(keys.keyId());
        assertThat(jws.getHeader("typ")).isEqualTo("JWT");
        JwtClaims claims = verified.getJwtClaims();
        assertThat(claims.getClaimsMap().keySet())
                .containsExactly("iss", "sub", "sid", "groups", "iat", "exp", "jti", "email", "amr");
        assertThat(claims.getIssuer()).isEqualTo(ISSUER);
        assertThat(claims.getSubject()).isEqualTo(userId);
        assertThat(claims.getStringClaimValue("sid")).isEqualTo("AAsession-id-of-24-chars");
        assertThat(claims.getStringListClaimValue("groups")).containsExactly("user", "admin");
        assertThat(claims.getIssuedAt().getValue()).isEqualTo(NOW.getEpochSecond());
        assertThat(claims.getExpirationTime().getValue())
                .isEqualTo(NOW.plus(TTL).getEpochSecond());
        assertThat(UUID.fromString(claims.getJwtId())).isNotNull();
        assertThat(claims.getStringClaimValue("email")).isEqualTo("ann@example.test");
        assertThat(claims.getStringListClaimValue("amr")).containsExactly("pwd");
        assertThat(token.expiresAt()).isEqualTo(NOW.plus(TTL));
        assertThat(token.lifetime()).isEqualTo(TTL);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ed25519-signing.pem", "signing-key.pem"})
    void claimsWithQuotesBackslashesControlAndNonAsciiCharactersAreValidJsonAndReadBackUnchanged(String keyFile)
            throws Exception {
        SigningKeys keys = keys(keyFile);
        AccessTokenIssuer issuer = new AccessTokenIssuer(keys, ISSUER, TTL, Clock.fixed(NOW, ZoneOffset.UTC));
        String email = "\"a\\b\"/</script>\u0000\u001f\t\n\u00e9\u4e2d\ud83d\ude00@example.test";
        List<String> roles = List.of("r\"1", "r\\2", "");

        AccessToken token = issuer.issue(new TokenSubject("u\"\\ser", "s\u2028id", email, roles), true);

        JwtClaims claims = consumer(keys).processToClaims(token.value());
        assertThat(claims.getSubject()).isEqualTo("u\"\\ser");
        assertThat(claims.getStringClaimValue("sid")).isEqualTo("s\u2028id");
        assertThat(claims.getStringClaimValue("email")).isEqualTo(email);
        assertThat(claims.getStringListClaimValue("groups")).isEqualTo(roles);
        assertThat(claims.getStringListClaimValue("amr")).containsExactly("pwd", "otp");
        // strict JSON as well (Jackson refuses raw control characters in strings)
        String payload =
                new String(Base64.getUrlDecoder().decode(token.value().split("\\.")[1]), StandardCharsets.UTF_8);
        assertThat(MAPPER.readValue(payload, Map.class)).containsEntry("email", email);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aMissingEmailIsNullAsJose4jWritesIt(boolean secondFactor) throws Exception {
        SigningKeys keys = keys("ed25519-signing.pem");
        AccessTokenIssuer issuer = new AccessTokenIssuer(keys, ISSUER, TTL, Clock.fixed(NOW, ZoneOffset.UTC));

        AccessToken token = issuer.issue(new TokenSubject("u", "s", null, List.of()), secondFactor);

        JwtClaims claims = consumer(keys).processToClaims(token.value());
        assertThat(claims.getClaimsMap()).containsEntry("email", null);
        assertThat(claims.getStringListClaimValue("groups")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void anEd25519TokenIsTheTokenJose4jSignsForTheSameHeaderAndClaims(int round) throws Exception {
        SigningKeys keys = keys("ed25519-signing.pem");
        AccessTokenIssuer issuer = new AccessTokenIssuer(keys, ISSUER, TTL, Clock.fixed(NOW, ZoneOffset.UTC));

        // twice with one issuer: the signer kept for the thread signs the next token as the first
        for (int i = 0; i < round; i++) {
            String token = issuer.issue(
                            new TokenSubject("user-" + i, "session-" + i, "e\u00e9@example.test", List.of("user")),
                            i % 2 == 1)
                    .value();

            String[] parts = token.split("\\.");
            JsonWebSignature jose4j = new JsonWebSignature();
            jose4j.setPayload(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
            jose4j.setKey(keys.privateKey());
            jose4j.setAlgorithmHeaderValue(keys.algorithm());
            jose4j.setKeyIdHeaderValue(keys.keyId());
            jose4j.setHeader("typ", "JWT");
            jose4j.setProviderContext(SigningKeys.SIGNATURE_PROVIDERS);
            assertThat(token).isEqualTo(jose4j.getCompactSerialization());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"ed25519-signing.pem", "signing-key.pem"})
    void threadsSigningAtOnceEachMakeValidTokens(String keyFile) throws Exception {
        SigningKeys keys = keys(keyFile);
        AccessTokenIssuer issuer = new AccessTokenIssuer(keys, ISSUER, TTL, Clock.fixed(NOW, ZoneOffset.UTC));
        JwtConsumer consumer = consumer(keys);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<String>> tokens = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                String user = "user-" + i;
                tokens.add(pool.submit(
                        () -> issuer.issue(new TokenSubject(user, "sid", "e@x.test", List.of("user")), false)
                                .value()));
            }
            for (int i = 0; i < tokens.size(); i++) {
                assertThat(consumer.processToClaims(tokens.get(i).get()).getSubject())
                        .isEqualTo("user-" + i);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static SigningKeys keys(String file) {
        KeyPair pair = TestKeys.keyPair(file);
        return new SigningKeys(pair, Optional.empty(), List.of());
    }

    /** Verifies as the registry and AccessTokenVerifier do: the published key, its own algorithm only, no leeway. */
    private static JwtConsumer consumer(SigningKeys keys) {
        return new JwtConsumerBuilder()
                .setJwsAlgorithmConstraints(
                        org.jose4j.jwa.AlgorithmConstraints.ConstraintType.PERMIT, keys.algorithms())
                .setJwsProviderContext(SigningKeys.SIGNATURE_PROVIDERS)
                .setVerificationKey(keys.publicKeys().get(0).getKey())
                .setExpectedIssuer(ISSUER)
                .setEvaluationTime(org.jose4j.jwt.NumericDate.fromSeconds(NOW.getEpochSecond()))
                .setRequireExpirationTime()
                .setRequireIssuedAt()
                .setRequireSubject()
                .setRequireJwtId()
                .setAllowedClockSkewInSeconds(0)
                .setSkipDefaultAudienceValidation()
                .build();
    }
}
