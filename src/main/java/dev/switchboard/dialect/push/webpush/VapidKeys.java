package dev.switchboard.dialect.push.webpush;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.util.Optional;

/**
 * The application server's VAPID key pair (RFC 8292), an EC P-256 pair, in the config forms of
 * {@code push.webpush.publicKey} (base64url of the 65-byte uncompressed point — what a browser's
 * {@code applicationServerKey} takes) and {@code push.webpush.privateKey} (base64url of the 32-byte scalar),
 * the same forms as the {@code web-push} npm package's {@code generateVAPIDKeys()}. The push dialect parses
 * it once at start; {@link VapidKeyGenerator} makes new ones. Immutable and thread-safe.
 */
public final class VapidKeys {

  public static final String PUBLIC_KEY_SETTING = "push.webpush.publicKey";
  public static final String PRIVATE_KEY_SETTING = "push.webpush.privateKey";

  private final ECPublicKey publicKey;
  private final ECPrivateKey privateKey;
  private final String publicKeyBase64Url;

  private VapidKeys(ECPublicKey publicKey, ECPrivateKey privateKey) {
    this.publicKey = publicKey;
    this.privateKey = privateKey;
    this.publicKeyBase64Url = Base64Keys.encode(P256.encode(publicKey));
  }

  /** A fresh random pair. */
  public static VapidKeys generate() {
    KeyPair pair = P256.generateKeyPair();
    return new VapidKeys((ECPublicKey) pair.getPublic(), (ECPrivateKey) pair.getPrivate());
  }

  /**
   * Parses the two config strings and checks they are one pair.
   *
   * @throws IllegalArgumentException naming the setting that is missing or malformed, or both when they do
   *                                  not belong together
   */
  public static VapidKeys parse(String publicKey, String privateKey) {
    ECPublicKey parsedPublic;
    try {
      parsedPublic = P256.publicKey(Base64Keys.decode(publicKey));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(PUBLIC_KEY_SETTING + " is not a VAPID public key (base64url of the "
        + "65-byte uncompressed P-256 point): " + e.getMessage(), e);
    }
    ECPrivateKey parsedPrivate;
    try {
      parsedPrivate = P256.privateKey(Base64Keys.decode(privateKey));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(PRIVATE_KEY_SETTING + " is not a VAPID private key (base64url of the "
        + "32-byte P-256 scalar): " + e.getMessage(), e);
    }
    if (!belongTogether(parsedPublic, parsedPrivate)) {
      throw new IllegalArgumentException(PRIVATE_KEY_SETTING + " does not belong to " + PUBLIC_KEY_SETTING
        + ": they are not one key pair (generate a new pair with " + VapidKeyGenerator.class.getName() + ")");
    }
    return new VapidKeys(parsedPublic, parsedPrivate);
  }

  /**
   * The pair when both settings are present, empty when neither is (Web Push off).
   *
   * @throws IllegalArgumentException when only one is set, or as {@link #parse}
   */
  public static Optional<VapidKeys> fromSettings(String publicKey, String privateKey) {
    boolean hasPublic = publicKey != null && !publicKey.isBlank();
    boolean hasPrivate = privateKey != null && !privateKey.isBlank();
    if (!hasPublic && !hasPrivate) {
      return Optional.empty();
    }
    if (!hasPrivate) {
      throw new IllegalArgumentException(PRIVATE_KEY_SETTING + " is missing: " + PUBLIC_KEY_SETTING
        + " is set, and Web Push needs both");
    }
    if (!hasPublic) {
      throw new IllegalArgumentException(PUBLIC_KEY_SETTING + " is missing: " + PRIVATE_KEY_SETTING
        + " is set, and Web Push needs both");
    }
    return Optional.of(parse(publicKey, privateKey));
  }

  public ECPublicKey publicKey() {
    return publicKey;
  }

  public ECPrivateKey privateKey() {
    return privateKey;
  }

  /** The public key as the config and browsers' {@code applicationServerKey} take it; also the VAPID {@code k=}. */
  public String publicKeyBase64Url() {
    return publicKeyBase64Url;
  }

  /** The private key as the config takes it. */
  public String privateKeyBase64Url() {
    return Base64Keys.encode(P256.encode(privateKey));
  }

  /** The 65-byte uncompressed public point (a copy). */
  public byte[] publicKeyBytes() {
    return P256.encode(publicKey);
  }

  @Override
  public String toString() {
    // Never the private key: this ends up in logs.
    return "VapidKeys[publicKey=" + publicKeyBase64Url + "]";
  }

  /**
   * A signature made with the private key verifies with the public key only when they are one pair. (The JDK
   * has no public API to derive the public point from the scalar; one signature at start costs under a
   * millisecond.)
   */
  private static boolean belongTogether(ECPublicKey publicKey, ECPrivateKey privateKey) {
    byte[] probe = "switchboard vapid key pair check".getBytes(StandardCharsets.US_ASCII);
    try {
      Signature signer = Signature.getInstance("SHA256withECDSA");
      signer.initSign(privateKey);
      signer.update(probe);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance("SHA256withECDSA");
      verifier.initVerify(publicKey);
      verifier.update(probe);
      return verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("could not check the VAPID key pair", e);
    }
  }
}
