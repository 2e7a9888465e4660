package dev.sessions.bench.jmh;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Security;
import java.security.spec.ECGenParameterSpec;
import java.util.concurrent.TimeUnit;

import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.jose4j.jca.ProviderContext;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What a token costs by signature algorithm the contract allows (EdDSA is what auth-service signs with by default,
 * with the Ed25519 key ./stack generates; ES256 and RS256 with such keys), on this JDK's providers through jose4j as both services use it: signing
 * (auth-service, once per sign-in or refresh) and verifying (the registry, once per token and instance). Each with the
 * JDK's own providers and with BouncyCastle, which both services use for token signatures.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class TokenSignatureBenchmark {

    @Param({"ES256", "RS256", "EdDSA"})
    public String algorithm;

    @Param({"JDK", "BC"})
    public String provider;

    private static final String PAYLOAD =
            "{\"iss\":\"session-backend\",\"sub\":\"3f0c6b4e-8d2a-4a51-9d0e-0c4a1f7e2b11\","
                    + "\"sid\":\"yM49y-NsCW-jDYLqD920-Q\",\"groups\":[\"user\"],\"iat\":1795340000,\"exp\":1795340900,"
                    + "\"jti\":\"6c1b1d0e-4e8f-4a0a-9f0e-2f4a2b8c9d10\",\"email\":\"someone@example.test\"}";

    private String token;
    private KeyPair key;
    private String header;
    private ProviderContext providers;

    @Setup
    public void setUp() throws Exception {
        Security.addProvider(new BouncyCastleProvider());
        providers = new ProviderContext();
        if ("BC".equals(provider)) {
            providers.getSuppliedKeyProviderContext().setSignatureProvider(BouncyCastleProvider.PROVIDER_NAME);
        }
        KeyPairGenerator generator;
        switch (algorithm) {
            case "ES256" -> {
                generator = KeyPairGenerator.getInstance("EC");
                generator.initialize(new ECGenParameterSpec("secp256r1"));
            }
            case "RS256" -> {
                generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(2048);
            }
            default -> generator = KeyPairGenerator.getInstance("Ed25519");
        }
        key = generator.generateKeyPair();
        header = switch (algorithm) {
            case "ES256" -> AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256;
            case "RS256" -> AlgorithmIdentifiers.RSA_USING_SHA256;
            default -> AlgorithmIdentifiers.EDDSA;
        };
        token = sign();
        if (!verify()) {
            throw new IllegalStateException("the token does not verify");
        }
    }

    @Benchmark
    public String sign() throws Exception {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(PAYLOAD);
        jws.setKey(key.getPrivate());
        jws.setAlgorithmHeaderValue(header);
        jws.setProviderContext(providers);
        return jws.getCompactSerialization();
    }

    @Benchmark
    public boolean verify() throws Exception {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setCompactSerialization(token);
        jws.setKey(key.getPublic());
        jws.setProviderContext(providers);
        return jws.verifySignature();
    }
}
