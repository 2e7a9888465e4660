package dev.sessions.auth.token;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.EdECPrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.NamedParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.List;

import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;
import org.bouncycastle.jcajce.provider.asymmetric.util.EC5Util;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;

/** Reads PEM keys (PKCS#8 private, X.509 public) and derives the public half of a private key. */
public final class Pem {

    private static final List<String> ALGORITHMS = List.of("Ed25519", "EC", "RSA");

    private Pem() {}

    /** Reads a PKCS#8 private key (Ed25519, EC or RSA) and returns it with its public key. */
    public static KeyPair readPrivateKey(String pem) {
        byte[] der = decode(pem, "PRIVATE KEY");
        for (String algorithm : ALGORITHMS) {
            try {
                PrivateKey key = KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
                return new KeyPair(publicKeyOf(key), key);
            } catch (GeneralSecurityException | IOException notThisAlgorithm) {
                continue;
            }
        }
        throw new IllegalArgumentException(
                "the private key is neither an Ed25519, an EC nor an RSA key in PKCS#8 PEM form");
    }

    /** Reads an X.509 SubjectPublicKeyInfo public key (Ed25519, EC or RSA). */
    public static PublicKey readPublicKey(String pem) {
        byte[] der = decode(pem, "PUBLIC KEY");
        for (String algorithm : ALGORITHMS) {
            try {
                return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(der));
            } catch (GeneralSecurityException notThisAlgorithm) {
                continue;
            }
        }
        throw new IllegalArgumentException("the public key is neither an Ed25519, an EC nor an RSA key in PEM form");
    }

    /** PEM text of a key, as {@code openssl} writes it. */
    public static String write(java.security.Key key) {
        String type = key instanceof PrivateKey ? "PRIVATE KEY" : "PUBLIC KEY";
        String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(key.getEncoded());
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }

    private static byte[] decode(String pem, String type) {
        if (pem == null || pem.isBlank()) {
            throw new IllegalArgumentException("the " + type.toLowerCase() + " is empty");
        }
        if (pem.contains("-----BEGIN") && !pem.contains("-----BEGIN " + type + "-----")) {
            throw new IllegalArgumentException("expected a PEM block of type " + type);
        }
        String base64 = pem.replaceAll("-----(BEGIN|END) [A-Z ]+-----", "").replaceAll("\\s", "");
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the " + type.toLowerCase() + " is not valid base64 PEM");
        }
    }

    private static PublicKey publicKeyOf(PrivateKey key) throws GeneralSecurityException, IOException {
        if (key instanceof RSAPrivateCrtKey rsa) {
            return KeyFactory.getInstance("RSA")
                    .generatePublic(new RSAPublicKeySpec(rsa.getModulus(), rsa.getPublicExponent()));
        }
        if (key instanceof ECPrivateKey ec) {
            // The JDK cannot derive an EC public key from a PKCS#8 private key; BouncyCastle computes Q = d·G.
            ECParameterSpec params = ec.getParams();
            ECPoint q = new FixedPointCombMultiplier()
                    .multiply(EC5Util.convertSpec(params).getG(), ec.getS());
            return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(EC5Util.convertPoint(q), params));
        }
        if (key instanceof EdECPrivateKey ed
                && NamedParameterSpec.ED25519.getName().equals(ed.getParams().getName())) {
            // Nor an EdDSA public key from its private key; BouncyCastle derives it (A = s·B of the hashed seed).
            byte[] seed =
                    ed.getBytes().orElseThrow(() -> new GeneralSecurityException("the Ed25519 key hides its bytes"));
            byte[] encoded = SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(
                            new Ed25519PrivateKeyParameters(seed, 0).generatePublicKey())
                    .getEncoded();
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(encoded));
        }
        throw new GeneralSecurityException("unsupported private key");
    }
}
