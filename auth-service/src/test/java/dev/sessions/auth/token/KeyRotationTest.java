package dev.sessions.auth.token;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.Base64;
import java.util.List;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import dev.sessions.auth.support.Api;
import dev.sessions.auth.support.Api.Session;
import dev.sessions.auth.support.Registry;
import dev.sessions.auth.support.RegistryTestResource;
import dev.sessions.auth.support.ShortWindowsProfile;
import dev.sessions.auth.support.TestKeys;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** During a key rotation the JWKS lists both keys, tokens of the old key keep working, new ones use the new key. */
@QuarkusTest
@TestProfile(ShortWindowsProfile.class)
@WithTestResource(value = RegistryTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class KeyRotationTest {

    private static final KeyPair CURRENT = TestKeys.keyPair("signing-key.pem");
    private static final KeyPair PREVIOUS = TestKeys.keyPair("previous-key.pem");

    @Test
    void theJwksListsTheNewKeyFirstAndTheOldOne() {
        JsonPath jwks =
                given().get("/auth/jwks.json").then().statusCode(200).extract().jsonPath();

        assertThat(jwks.getList("keys.kid", String.class))
                .containsExactly(TestKeys.keyId(CURRENT), TestKeys.keyId(PREVIOUS));
        assertThat(given().get("/.well-known/jwks.json")
                        .then()
                        .extract()
                        .jsonPath()
                        .getList("keys.kid", String.class))
                .hasSize(2);
    }

    @Test
    void tokensOfTheOldKeyStillVerifyHereAndAtTheRegistry() {
        String email = Api.email("rotation");
        Api.register(email);
        Session session = Api.login(email);

        String oldKeyToken = TestKeys.sign(
                PREVIOUS, TestKeys.claims(session.userId(), session.sessionId(), List.of("user")), claims -> {});

        assertThat(Registry.check(oldKeyToken)).isEqualTo(204);
        Api.from(session.address())
                .header("Authorization", Api.bearer(oldKeyToken))
                .post("/auth/logout")
                .then()
                .statusCode(204);
        assertThat(Registry.check(session.accessToken())).isEqualTo(401);
    }

    @Test
    void newTokensAreSignedWithTheCurrentKey() {
        String email = Api.email("rotation-new");
        Api.register(email);
        Session session = Api.login(email);

        String header = new String(
                Base64.getUrlDecoder().decode(session.accessToken().split("\\.")[0]), StandardCharsets.UTF_8);
        assertThat(JsonPath.from(header).getString("kid")).isEqualTo(TestKeys.keyId(CURRENT));
    }
}
