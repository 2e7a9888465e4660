package dev.sessions.auth.token;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.lang.JoseException;

import dev.sessions.auth.config.AuthConfig;

/**
 * Signs access tokens carrying the contract's claims ({@code iss, sub, sid, groups, iat, exp, jti, email}) and
 * {@code amr} (RFC 8176): {@code ["pwd"]}, or {@code ["pwd","otp"]} for a session opened with a second factor.
 */
@ApplicationScoped
public class AccessTokenIssuer {

    private final SigningKeys keys;
    private final AuthConfig config;
    private final Clock clock;

    AccessTokenIssuer(SigningKeys keys, AuthConfig config, Clock clock) {
        this.keys = keys;
        this.config = config;
        this.clock = clock;
    }

    /** Signs a fresh token for the subject, valid for {@code auth.access-token.ttl}; {@code secondFactor}: amr has otp. */
    public AccessToken issue(TokenSubject subject, boolean secondFactor) {
        Instant now = clock.instant();
        Instant expiresAt = now.plus(config.accessToken().ttl());
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(config.issuer());
        claims.setSubject(subject.userId());
        claims.setClaim("sid", subject.sessionId());
        claims.setStringListClaim("groups", subject.roles());
        claims.setIssuedAt(NumericDate.fromSeconds(now.getEpochSecond()));
        claims.setExpirationTime(NumericDate.fromSeconds(expiresAt.getEpochSecond()));
        claims.setJwtId(UUID.randomUUID().toString());
        claims.setClaim("email", subject.email());
        claims.setStringListClaim("amr", secondFactor ? List.of("pwd", "otp") : List.of("pwd"));
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(keys.privateKey());
        jws.setAlgorithmHeaderValue(keys.algorithm());
        jws.setKeyIdHeaderValue(keys.keyId());
        jws.setHeader("typ", "JWT");
        jws.setProviderContext(SigningKeys.SIGNATURE_PROVIDERS);
        try {
            return new AccessToken(
                    jws.getCompactSerialization(),
                    Instant.ofEpochSecond(expiresAt.getEpochSecond()),
                    config.accessToken().ttl());
        } catch (JoseException e) {
            throw new IllegalStateException("cannot sign an access token", e);
        }
    }
}
