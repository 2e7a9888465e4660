package dev.sessions.auth.token;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import dev.sessions.auth.support.Api;
import dev.sessions.auth.support.Api.Session;
import dev.sessions.auth.support.RegistryTestResource;
import dev.sessions.auth.support.TestKeys;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** The JWK Set at both addresses and the claims and kid of issued access tokens. */
@QuarkusTest
@WithTestResource(value = RegistryTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class JwksTest {

    @Test
    void bothAddressesPublishTheSigningKeyWithoutPrivateParts() {
        String atAuth = given().get("/auth/jwks.json")
                .then()
                .statusCode(200)
                .contentType("application/json")
                .extract()
                .asString();
        String wellKnown = given().get("/.well-known/jwks.json")
                .then()
                .statusCode(200)
                .extract()
                .asString();

        assertThat(wellKnown).isEqualTo(atAuth);
        List<Map<String, Object>> keys = JsonPath.from(atAuth).getList("keys");
        assertThat(keys).hasSize(1);
        assertThat(keys.get(0))
                .containsEntry("kty", "EC")
                .containsEntry("crv", "P-256")
                .containsEntry("alg", "ES256")
                .containsEntry("use", "sig")
                .containsEntry("kid", TestKeys.keyId(TestKeys.keyPair("signing-key.pem")))
                .doesNotContainKey("d");
    }

    @Test
    void accessTokensCarryTheContractsClaimsAndTheKid() {
        String email = Api.email("claims");
        String userId = Api.register(email);
        Session session = Api.login(email);

        String[] parts = session.accessToken().split("\\.");
        JsonPath header = JsonPath.from(new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8));
        JsonPath claims = JsonPath.from(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));

        assertThat(header.getString("alg")).isEqualTo("ES256");
        assertThat(header.getString("kid")).isEqualTo(TestKeys.keyId(TestKeys.keyPair("signing-key.pem")));
        assertThat(claims.getString("iss")).isEqualTo("session-backend");
        assertThat(claims.getString("sub")).isEqualTo(userId);
        assertThat(claims.getString("sid")).isEqualTo(session.sessionId());
        assertThat(claims.getList("groups", String.class)).containsExactly("user");
        assertThat(claims.getString("email")).isEqualTo(email);
        assertThat(claims.getString("jti")).isNotBlank();
        assertThat(claims.getLong("exp") - claims.getLong("iat")).isEqualTo(900);
    }
}
