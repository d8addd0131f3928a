package dev.switchboard.dialect.push.webpush;

import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.EllipticCurve;

import javax.crypto.KeyAgreement;

/**
 * NIST P-256 keys in the raw forms Web Push uses — a public key as the 65-byte uncompressed point
 * {@code 0x04 || X || Y}, a private key as the 32-byte big-endian scalar — converted to and from JDK key
 * objects. Used by {@link VapidKeys}, {@link WebPushSubscription} and {@link WebPushEncryption}.
 */
final class P256 {

  static final int PUBLIC_KEY_BYTES = 65;
  static final int PRIVATE_KEY_BYTES = 32;
  private static final int COORDINATE_BYTES = 32;

  static final ECParameterSpec PARAMETERS = parameters();
  private static final SecureRandom RANDOM = new SecureRandom();

  private P256() {
  }

  private static ECParameterSpec parameters() {
    try {
      AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
      parameters.init(new ECGenParameterSpec("secp256r1"));
      return parameters.getParameterSpec(ECParameterSpec.class);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK has no P-256 (secp256r1) support", e);
    }
  }

  static KeyPair generateKeyPair() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(PARAMETERS, RANDOM);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("could not generate a P-256 key pair", e);
    }
  }

  /**
   * The public key of an uncompressed point. The point is checked to lie on the curve: a key agreement with
   * an off-curve point leaks bits of our private key (invalid-curve attack), and a typo should fail here,
   * not at the first push.
   */
  static ECPublicKey publicKey(byte[] uncompressed) {
    if (uncompressed.length != PUBLIC_KEY_BYTES) {
      throw new IllegalArgumentException("expected " + PUBLIC_KEY_BYTES
        + " bytes (an uncompressed P-256 point), got " + uncompressed.length);
    }
    if (uncompressed[0] != 0x04) {
      throw new IllegalArgumentException("not an uncompressed P-256 point (first byte must be 0x04)");
    }
    BigInteger x = new BigInteger(1, java.util.Arrays.copyOfRange(uncompressed, 1, 1 + COORDINATE_BYTES));
    BigInteger y = new BigInteger(1, java.util.Arrays.copyOfRange(uncompressed, 1 + COORDINATE_BYTES, PUBLIC_KEY_BYTES));
    if (!onCurve(x, y)) {
      throw new IllegalArgumentException("the point is not on the P-256 curve");
    }
    try {
      return (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(new ECPoint(x, y), PARAMETERS));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("not a usable P-256 public key (" + e.getMessage() + ")", e);
    }
  }

  static byte[] encode(ECPublicKey key) {
    byte[] out = new byte[PUBLIC_KEY_BYTES];
    out[0] = 0x04;
    unsigned(key.getW().getAffineX(), out, 1);
    unsigned(key.getW().getAffineY(), out, 1 + COORDINATE_BYTES);
    return out;
  }

  static ECPrivateKey privateKey(byte[] scalar) {
    if (scalar.length != PRIVATE_KEY_BYTES) {
      throw new IllegalArgumentException("expected " + PRIVATE_KEY_BYTES + " bytes (a P-256 private scalar), got "
        + scalar.length);
    }
    BigInteger s = new BigInteger(1, scalar);
    if (s.signum() == 0 || s.compareTo(PARAMETERS.getOrder()) >= 0) {
      throw new IllegalArgumentException("the scalar is out of range for P-256");
    }
    try {
      return (ECPrivateKey) KeyFactory.getInstance("EC").generatePrivate(new ECPrivateKeySpec(s, PARAMETERS));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("not a usable P-256 private key (" + e.getMessage() + ")", e);
    }
  }

  static byte[] encode(ECPrivateKey key) {
    byte[] out = new byte[PRIVATE_KEY_BYTES];
    unsigned(key.getS(), out, 0);
    return out;
  }

  /** ECDH: the 32-byte X coordinate of the shared point, as RFC 8291 §3.1 uses it. */
  static byte[] sharedSecret(ECPrivateKey ours, ECPublicKey theirs) {
    try {
      KeyAgreement agreement = KeyAgreement.getInstance("ECDH");
      agreement.init(ours);
      agreement.doPhase(theirs, true);
      return agreement.generateSecret();
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("ECDH failed: " + e.getMessage(), e);
    }
  }

  private static boolean onCurve(BigInteger x, BigInteger y) {
    EllipticCurve curve = PARAMETERS.getCurve();
    BigInteger p = ((java.security.spec.ECFieldFp) curve.getField()).getP();
    if (x.compareTo(p) >= 0 || y.compareTo(p) >= 0) {
      return false;
    }
    BigInteger right = x.pow(3).add(curve.getA().multiply(x)).add(curve.getB()).mod(p);
    return y.pow(2).mod(p).equals(right);
  }

  /** Writes {@code value} big-endian into exactly {@value #COORDINATE_BYTES} bytes at {@code offset}. */
  private static void unsigned(BigInteger value, byte[] out, int offset) {
    byte[] bytes = value.toByteArray();
    int length = Math.min(bytes.length, COORDINATE_BYTES);
    System.arraycopy(bytes, bytes.length - length, out, offset + COORDINATE_BYTES - length, length);
  }
}
