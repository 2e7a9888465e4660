package dev.sessions.auth.token;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.keys.HmacKey;
import org.jose4j.lang.JoseException;
import org.junit.jupiter.api.Test;

import dev.sessions.auth.support.Api;
import dev.sessions.auth.support.Api.Session;
import dev.sessions.auth.support.RegistryTestResource;
import dev.sessions.auth.support.TestKeys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/** Bearer endpoints accept only genuine, current tokens of live sessions. */
@QuarkusTest
@WithTestResource(value = RegistryTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class BearerTokenTest {

    private static final KeyPair SIGNING = TestKeys.keyPair("signing-key.pem");
    private static final List<String> ADMIN = List.of("user", "admin");

    @Test
    void aWellFormedTokenSignedWithTheServiceKeyIsAccepted() {
        assertThat(statusWith(TestKeys.sign(SIGNING, adminClaims(), claims -> {})))
                .isEqualTo(200);
    }

    @Test
    void aTamperedTokenIs401() {
        String token = TestKeys.sign(
                SIGNING, TestKeys.claims(UUID.randomUUID().toString(), sid(), List.of("user")), claims -> {});
        String[] parts = token.split("\\.");
        String forgedPayload = Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                        .replace("[\"user\"]", "[\"user\",\"admin\"]")
                        .getBytes(StandardCharsets.UTF_8));

        assertThat(statusWith(parts[0] + "." + forgedPayload + "." + parts[2])).isEqualTo(401);
    }

    @Test
    void anExpiredTokenIs401() {
        String token = TestKeys.sign(SIGNING, adminClaims(), claims -> {
            long now = System.currentTimeMillis() / 1000;
            claims.setIssuedAt(NumericDate.fromSeconds(now - 120));
            claims.setExpirationTime(NumericDate.fromSeconds(now - 1));
        });

        assertThat(statusWith(token)).isEqualTo(401);
    }

    @Test
    void aTokenOfAnotherIssuerIs401() {
        assertThat(statusWith(TestKeys.sign(SIGNING, adminClaims(), claims -> claims.setIssuer("someone-else"))))
                .isEqualTo(401);
    }

    @Test
    void anUnsignedTokenIs401() throws JoseException {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(adminClaims().toJson());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.NONE);
        jws.setAlgorithmConstraints(AlgorithmConstraints.NO_CONSTRAINTS);
        jws.setKeyIdHeaderValue(TestKeys.keyId(SIGNING));

        assertThat(statusWith(jws.getCompactSerialization())).isEqualTo(401);
    }

    @Test
    void anHmacTokenKeyedWithThePublicKeyIs401() throws JoseException {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(adminClaims().toJson());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.HMAC_SHA256);
        jws.setKeyIdHeaderValue(TestKeys.keyId(SIGNING));
        jws.setKey(new HmacKey(SIGNING.getPublic().getEncoded()));
        jws.setDoKeyValidation(false);

        assertThat(statusWith(jws.getCompactSerialization())).isEqualTo(401);
    }

    @Test
    void aTokenSignedByAnotherKeyUnderOurKidIs401() throws JoseException {
        KeyPair attacker = TestKeys.keyPair("attacker-key.pem");
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(adminClaims().toJson());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256);
        jws.setKeyIdHeaderValue(TestKeys.keyId(SIGNING));
        jws.setKey(attacker.getPrivate());

        assertThat(statusWith(jws.getCompactSerialization())).isEqualTo(401);
    }

    @Test
    void aTokenWithoutSessionIdIs401() {
        assertThat(statusWith(TestKeys.sign(SIGNING, adminClaims(), claims -> claims.unsetClaim("sid"))))
                .isEqualTo(401);
    }

    @Test
    void theTokenOfAnEndedSessionIs401() {
        String email = Api.email("ended");
        Api.register(email);
        Session session = Api.login(email);
        Api.from(session.address())
                .header("Authorization", Api.bearer(session.accessToken()))
                .post("/auth/logout")
                .then()
                .statusCode(204);

        Api.from(session.address())
                .header("Authorization", Api.bearer(session.accessToken()))
                .contentType("application/json")
                .body("{\"currentPassword\":\"" + Api.PASSWORD + "\",\"newPassword\":\"whatever it is 1\"}")
                .post("/auth/password")
                .then()
                .statusCode(401)
                .contentType("application/problem+json")
                .body("detail", equalTo("The session of this access token has ended."))
                .body("reason", equalTo("SIGNED_OUT"));
        // signing out again with the same token: the 401 says why the session is gone
        Api.from(session.address())
                .header("Authorization", Api.bearer(session.accessToken()))
                .post("/auth/logout")
                .then()
                .statusCode(401)
                .body("reason", equalTo("SIGNED_OUT"));
    }

    @Test
    void malformedAuthorizationHeadersAre401() {
        assertThat(Api.from(Api.address())
                        .header("Authorization", "Basic dXNlcjpwYXNz")
                        .get("/admin/users")
                        .statusCode())
                .isEqualTo(401);
        assertThat(statusWith("")).isEqualTo(401);
        assertThat(statusWith("a.b.c")).isEqualTo(401);
    }

    private static JwtClaims adminClaims() {
        return TestKeys.claims(UUID.randomUUID().toString(), sid(), ADMIN);
    }

    private static String sid() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 22);
    }

    private static int statusWith(String token) {
        return Api.from(Api.address())
                .header("Authorization", "Bearer " + token)
                .get("/admin/users")
                .statusCode();
    }
}
