package dev.sessions.auth.token;

import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.jose4j.jwa.AlgorithmConstraints.ConstraintType;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;

import dev.sessions.auth.config.AuthConfig;
import dev.sessions.contract.redis.RedisKeys;

/**
 * Verifies access tokens: signature by one of the published keys with its own algorithm only (so neither {@code none}
 * nor HMAC keyed with a public key passes), issuer, expiry without leeway, and the claims the service relies on.
 */
@ApplicationScoped
public class AccessTokenVerifier {

    private final JwtConsumer consumer;

    AccessTokenVerifier(SigningKeys keys, AuthConfig config) {
        this.consumer = new JwtConsumerBuilder()
                .setJwsAlgorithmConstraints(ConstraintType.PERMIT, keys.algorithms())
                .setJwsProviderContext(SigningKeys.SIGNATURE_PROVIDERS)
                .setVerificationKeyResolver(new JwksVerificationKeyResolver(keys.publicKeys()))
                .setExpectedIssuer(config.issuer())
                .setRequireExpirationTime()
                .setRequireIssuedAt()
                .setRequireSubject()
                .setRequireJwtId()
                .setAllowedClockSkewInSeconds(0)
                .setSkipDefaultAudienceValidation()
                .build();
    }

    /** The token's subject when the token is genuine and current, else empty. */
    public Optional<TokenSubject> verify(String token) {
        try {
            JwtClaims claims = consumer.processToClaims(token);
            String sid = claims.getClaimValue("sid", String.class);
            if (sid == null || sid.isBlank()) {
                return Optional.empty();
            }
            List<String> groups = claims.hasClaim("groups") ? claims.getStringListClaimValue("groups") : List.of();
            // a token issued before the conversion of ADR 4's layout names the session's old id (ADR 15)
            return Optional.of(new TokenSubject(
                    claims.getSubject(),
                    RedisKeys.sessionIdOfToken(claims.getSubject(), sid),
                    claims.getClaimValue("email", String.class),
                    groups));
        } catch (InvalidJwtException | MalformedClaimException | ClassCastException e) {
            return Optional.empty();
        }
    }
}
