package dev.sessions.contract.signature;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.security.Security;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.List;
import java.util.function.Supplier;

import org.bouncycastle.jcajce.provider.asymmetric.ec.SignatureSpi;
import org.bouncycastle.jcajce.provider.asymmetric.rsa.DigestSignatureSpi;
import org.jose4j.jca.ProviderContext;

/**
 * The provider that makes and checks token signatures (ADR 5): BouncyCastle's signature implementations for the
 * algorithms tokens use, and nothing else. Registering all of BouncyCastle ({@code new BouncyCastleProvider()})
 * costs a start-up about half a second of one core, most of it precomputing every named curve it offers; these
 * are the very classes that provider would hand out for these names, so signatures are the same.
 * <p>
 * The first signature still loads BouncyCastle's Ed25519 or EC classes: {@link #warmUpInBackground()} does that on a thread
 * of its own once the service has started, so that neither the start nor a first request waits for it (a request
 * that comes first simply does the loading itself).
 */
public final class TokenSignatures {

    /** The provider's name, as jose4j's {@link ProviderContext} asks for it. */
    public static final String PROVIDER_NAME = "BC-token-signatures";

    /** What tokens are signed with (ES256/384/512, RS256, EdDSA), by JCA name. */
    private static final List<Implementation> SIGNATURES = List.of(
            new Implementation("SHA256withECDSA", SignatureSpi.ecDSA256.class, SignatureSpi.ecDSA256::new),
            new Implementation("SHA384withECDSA", SignatureSpi.ecDSA384.class, SignatureSpi.ecDSA384::new),
            new Implementation("SHA512withECDSA", SignatureSpi.ecDSA512.class, SignatureSpi.ecDSA512::new),
            new Implementation("SHA256withRSA", DigestSignatureSpi.SHA256.class, DigestSignatureSpi.SHA256::new),
            new Implementation(
                    "EdDSA",
                    org.bouncycastle.jcajce.provider.asymmetric.edec.SignatureSpi.EdDSA.class,
                    org.bouncycastle.jcajce.provider.asymmetric.edec.SignatureSpi.EdDSA::new),
            new Implementation(
                    "Ed25519",
                    org.bouncycastle.jcajce.provider.asymmetric.edec.SignatureSpi.Ed25519.class,
                    org.bouncycastle.jcajce.provider.asymmetric.edec.SignatureSpi.Ed25519::new));

    private static volatile boolean warming;

    /** How long after the start the warm-up waits: past the start's own burst of class loading and compilation. */
    static final long WARM_UP_DELAY_MS = 2_000;

    static {
        if (Security.getProvider(PROVIDER_NAME) == null) {
            // appended: nothing else (TLS, hashing, key parsing) changes provider
            Security.addProvider(new SignatureProvider());
        }
    }

    private TokenSignatures() {}

    /** A provider context whose signatures come from this provider (registered when this class is first used). */
    public static ProviderContext context() {
        ProviderContext context = new ProviderContext();
        context.getSuppliedKeyProviderContext().setSignatureProvider(PROVIDER_NAME);
        return context;
    }

    /**
     * Signs and checks one signature of each default algorithm on a daemon thread, once per JVM, in advance: {@link
     * #WARM_UP_DELAY_MS} after the call, so that on a small machine it does not compete with the rest of the start
     * (in a profile of an auth-service start, its key generation took about an eighth of the sampled CPU; issue 15).
     */
    public static void warmUpInBackground() {
        if (warming) {
            return;
        }
        warming = true;
        Thread thread = new Thread(
                () -> {
                    try {
                        Thread.sleep(WARM_UP_DELAY_MS);
                    } catch (InterruptedException stopping) {
                        return;
                    }
                    warmUp();
                },
                "token-signatures-warm-up");
        thread.setDaemon(true);
        thread.start();
    }

    /** Signs and checks one Ed25519 and one ES256 signature with this provider: whether both verified. */
    static boolean warmUp() {
        try {
            KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
            ec.initialize(new ECGenParameterSpec("secp256r1"));
            return signsAndVerifies(KeyPairGenerator.getInstance("Ed25519").generateKeyPair(), "Ed25519")
                    & signsAndVerifies(ec.generateKeyPair(), "SHA256withECDSA");
        } catch (GeneralSecurityException | RuntimeException e) {
            // only a head start: the first real signature loads the classes instead
            return false;
        }
    }

    private static boolean signsAndVerifies(KeyPair pair, String algorithm) throws GeneralSecurityException {
        byte[] data = "warm-up".getBytes(StandardCharsets.US_ASCII);
        Signature signer = Signature.getInstance(algorithm, PROVIDER_NAME);
        signer.initSign(pair.getPrivate());
        signer.update(data);
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance(algorithm, PROVIDER_NAME);
        verifier.initVerify(pair.getPublic());
        verifier.update(data);
        return verifier.verify(signature);
    }

    /** The algorithms this provider offers, by their JCA names. */
    static List<String> algorithms() {
        return SIGNATURES.stream().map(Implementation::algorithm).toList();
    }

    private static final class SignatureProvider extends Provider {

        SignatureProvider() {
            super(PROVIDER_NAME, "1.0", "BouncyCastle signatures for access tokens");
            SIGNATURES.forEach(implementation -> putService(new SignatureService(this, implementation)));
        }
    }

    /** A service that constructs its implementation directly instead of by reflection on a class name. */
    private static final class SignatureService extends Provider.Service {

        private final Supplier<Object> make;

        SignatureService(Provider provider, Implementation implementation) {
            super(
                    provider,
                    "Signature",
                    implementation.algorithm(),
                    implementation.type().getName(),
                    null,
                    null);
            this.make = implementation.make();
        }

        @Override
        public Object newInstance(Object constructorParameter) {
            return make.get();
        }
    }

    private record Implementation(String algorithm, Class<?> type, Supplier<Object> make) {}
}
