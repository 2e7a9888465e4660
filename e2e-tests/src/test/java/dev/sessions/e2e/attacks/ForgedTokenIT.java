package dev.sessions.e2e.attacks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.sessions.e2e.E2eEnvironment;
import dev.sessions.e2e.GatewayClient;
import dev.sessions.e2e.GatewayClient.Answer;
import dev.sessions.e2e.GatewayClient.SignedIn;
import dev.sessions.testing.Jws;
import dev.sessions.testing.PemKeys;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Forged access tokens against the gateway's check ({@code /api/whoami}) and a bearer endpoint of the registry
 * ({@code /sessions}): each is the genuine token of a live session with exactly one thing wrong, and each gets 401
 * problem+json. Tokens with a wrong claim are signed with the stack's real key (E2E_SIGNING_PRIVATE_KEY), so that
 * the claim alone is what must be refused; the control case proves that this signing is genuine.
 */
class ForgedTokenIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64URL_DECODER = Base64.getUrlDecoder();

    private static SignedIn user;
    private static ObjectNode header;
    private static ObjectNode claims;
    private static PrivateKey realKey;
    private static PrivateKey foreignKey;
    private static String publicKeyPem;

    @BeforeAll
    static void genuineTokenAndKeys() throws Exception {
        user = GatewayClient.registerAndSignIn("forged");
        String[] parts = user.accessToken().split("\\.");
        header = (ObjectNode) JSON.readTree(B64URL_DECODER.decode(parts[0]));
        claims = (ObjectNode) JSON.readTree(B64URL_DECODER.decode(parts[1]));
        // the stack's key decides the algorithm (Ed25519 as ./stack generates it, or EC P-256); the foreign key is of
        // the same type, so that only the key is wrong
        String pem = E2eEnvironment.required("E2E_SIGNING_PRIVATE_KEY");
        KeyPairGenerator generator;
        if ("EdDSA".equals(header.path("alg").asText())) {
            realKey = PemKeys.privateKey(pem, "Ed25519");
            generator = KeyPairGenerator.getInstance("Ed25519");
        } else {
            realKey = PemKeys.privateKey(pem, "EC");
            generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
        }
        foreignKey = generator.generateKeyPair().getPrivate();
        publicKeyPem = publicKeyPem(header.path("kid").asText());
    }

    @Test
    void controlTheTestsOwnSigningWithTheRealKeyIsAccepted() {
        String token = signed(header, claims, realKey);

        Answer whoami = GatewayClient.get("/api/whoami", "Authorization", "Bearer " + token);
        Answer sessions = GatewayClient.get("/sessions", "Authorization", "Bearer " + token);

        assertThat(whoami.status()).as(whoami.body()).isEqualTo(200);
        assertThat(whoami.json().path("userId").asText()).isEqualTo(user.userId());
        assertThat(sessions.status()).as(sessions.body()).isEqualTo(200);
    }

    static Stream<Arguments> forgeries() {
        return Stream.of(
                forgery("alg none", () -> unsigned(with(header, h -> h.put("alg", "none")), claims)),
                forgery("alg None", () -> unsigned(with(header, h -> h.put("alg", "None")), claims)),
                forgery(
                        "HS256 keyed with the public key",
                        () -> hs256(
                                with(header, h -> h.put("alg", "HS256")),
                                claims,
                                publicKeyPem.getBytes(StandardCharsets.US_ASCII))),
                forgery("foreign key with the real kid", () -> signed(header, claims, foreignKey)),
                forgery(
                        "junk kid, foreign key",
                        () -> signed(with(header, h -> h.put("kid", "../../../../dev/null")), claims, foreignKey)),
                forgery(
                        "unknown kid, real key",
                        () -> signed(with(header, h -> h.put("kid", "no-such-key")), claims, realKey)),
                forgery("no kid, real key", () -> signed(with(header, h -> h.remove("kid")), claims, realKey)),
                forgery(
                        "wrong iss",
                        () -> signed(header, with(claims, c -> c.put("iss", "https://evil.example")), realKey)),
                forgery("no iss", () -> signed(header, with(claims, c -> c.remove("iss")), realKey)),
                forgery("no sid", () -> signed(header, with(claims, c -> c.remove("sid")), realKey)),
                forgery(
                        "sid of no session",
                        () -> signed(
                                header,
                                with(claims, c -> c.put("sid", "00000000-0000-4000-8000-000000000000")),
                                realKey)),
                forgery(
                        "expired",
                        () -> signed(
                                header,
                                with(claims, c -> {
                                    long now = Instant.now().getEpochSecond();
                                    c.put("iat", now - 7200).put("exp", now - 3600);
                                }),
                                realKey)),
                forgery(
                        "9 KB token",
                        () -> signed(header, with(claims, c -> c.put("pad", "x".repeat(9 * 1024))), foreignKey)),
                forgery("signature cut off", () -> {
                    String genuine = signed(header, claims, realKey);
                    return genuine.substring(0, genuine.lastIndexOf('.') + 1);
                }),
                forgery("claims swapped under a genuine signature", () -> {
                    String[] genuine = user.accessToken().split("\\.");
                    return genuine[0] + "."
                            + B64URL.encodeToString(json(with(
                                    claims,
                                    c -> c.putArray("groups").add("user").add("admin"))))
                            + "." + genuine[2];
                }));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("forgeries")
    void forgedTokenIsRefusedAtTheGatewaysCheck(String name, Forgery forgery) {
        Answer answer = GatewayClient.get("/api/whoami", "Authorization", "Bearer " + forgery.token());

        assertUnauthorizedProblem(answer);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("forgeries")
    void forgedTokenIsRefusedByTheRegistry(String name, Forgery forgery) {
        Answer answer = GatewayClient.get("/sessions", "Authorization", "Bearer " + forgery.token());

        assertUnauthorizedProblem(answer);
    }

    /** Builds its token when the test runs (after {@link #genuineTokenAndKeys()}). */
    interface Forgery {
        String token();
    }

    private static Arguments forgery(String name, Forgery forgery) {
        return Arguments.of(name, forgery);
    }

    private static void assertUnauthorizedProblem(Answer answer) {
        assertThat(answer.status()).as("status; body: %s", answer.body()).isEqualTo(401);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.json().path("status").asInt()).isEqualTo(401);
    }

    private static ObjectNode with(ObjectNode node, java.util.function.Consumer<ObjectNode> change) {
        ObjectNode copy = node.deepCopy();
        change.accept(copy);
        return copy;
    }

    private static byte[] json(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String text(JsonNode node) {
        return new String(json(node), StandardCharsets.UTF_8);
    }

    private static String unsigned(JsonNode head, JsonNode body) {
        return Jws.signingInput(text(head), text(body)) + ".";
    }

    private static String hs256(JsonNode head, JsonNode body, byte[] secret) {
        return Jws.hs256(text(head), text(body), secret);
    }

    /** Signed with the algorithm of the key (the header's {@code alg} is left as the test set it). */
    private static String signed(JsonNode head, JsonNode body, PrivateKey key) {
        return "EdDSA".equals(key.getAlgorithm()) || "Ed25519".equals(key.getAlgorithm())
                ? Jws.edDsa(text(head), text(body), key)
                : Jws.es256(text(head), text(body), key);
    }

    /** The published key with this kid, as the PEM text an "alg confusion" attacker would use as HMAC secret. */
    private static String publicKeyPem(String kid) throws GeneralSecurityException {
        JsonNode keys = GatewayClient.get("/auth/jwks.json").json().path("keys");
        JsonNode jwk = null;
        for (JsonNode key : keys) {
            if (kid.equals(key.path("kid").asText())) {
                jwk = key;
            }
        }
        assertThat(jwk).as("the JWKS has the kid of the genuine token").isNotNull();
        if ("OKP".equals(jwk.path("kty").asText())) {
            // an Ed25519 SubjectPublicKeyInfo is a fixed 12-byte prefix and the 32 key bytes
            byte[] prefix = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};
            byte[] x = B64URL_DECODER.decode(jwk.path("x").asText());
            byte[] der = Arrays.copyOf(prefix, prefix.length + x.length);
            System.arraycopy(x, 0, der, prefix.length, x.length);
            return "-----BEGIN PUBLIC KEY-----\n"
                    + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der) + "\n-----END PUBLIC KEY-----\n";
        }
        AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
        parameters.init(new ECGenParameterSpec("secp256r1"));
        ECPoint point = new ECPoint(
                new BigInteger(1, B64URL_DECODER.decode(jwk.path("x").asText())),
                new BigInteger(1, B64URL_DECODER.decode(jwk.path("y").asText())));
        PublicKey key = KeyFactory.getInstance("EC")
                .generatePublic(new ECPublicKeySpec(point, parameters.getParameterSpec(ECParameterSpec.class)));
        return "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(key.getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
    }
}
