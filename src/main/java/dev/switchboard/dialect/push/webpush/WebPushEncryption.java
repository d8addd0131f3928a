package dev.switchboard.dialect.push.webpush;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.util.Arrays;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Message encryption for Web Push (RFC 8291) in the {@code aes128gcm} content coding (RFC 8188): what
 * {@link WebPushSender} puts in the body of a push, and — for tests and the fake push service — how a browser
 * reads it back. Per message: a fresh ephemeral P-256 key pair and a random 16-byte salt; the body is the
 * RFC 8188 header (salt, record size 4096, the 65-byte ephemeral public key as key id) and one record, the
 * plaintext followed by the 0x02 delimiter, sealed with AES-128-GCM. Pure JDK crypto, no Vert.x; thread-safe.
 */
public final class WebPushEncryption {

  /** The record size we write; RFC 8291 §4 has application servers use 4096. */
  public static final int RECORD_SIZE = 4096;
  static final int SALT_BYTES = 16;
  static final int TAG_BYTES = 16;
  static final int HEADER_BYTES = SALT_BYTES + 4 + 1 + P256.PUBLIC_KEY_BYTES;
  /**
   * The largest plaintext that fits the 4096-byte body every push service must accept (RFC 8291 §4): 4096 less
   * the 86-byte header, the 16-byte tag and the delimiter.
   */
  public static final int MAX_PLAINTEXT_BYTES = 4096 - HEADER_BYTES - TAG_BYTES - 1;

  private static final byte[] KEY_INFO_PREFIX = "WebPush: info\0".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] CEK_INFO = "Content-Encoding: aes128gcm\0".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] NONCE_INFO = "Content-Encoding: nonce\0".getBytes(StandardCharsets.US_ASCII);
  private static final byte LAST_RECORD_DELIMITER = 0x02;
  private static final byte RECORD_DELIMITER = 0x01;
  private static final int CEK_BYTES = 16;
  private static final int NONCE_BYTES = 12;
  private static final SecureRandom RANDOM = new SecureRandom();

  private WebPushEncryption() {
  }

  /**
   * Encrypts {@code plaintext} for the subscription's browser.
   *
   * @throws IllegalArgumentException when the plaintext is over {@link #MAX_PLAINTEXT_BYTES}
   */
  public static byte[] encrypt(byte[] plaintext, WebPushSubscription subscription) {
    byte[] salt = new byte[SALT_BYTES];
    RANDOM.nextBytes(salt);
    return encrypt(plaintext, subscription.p256dhBytes(), subscription.authBytes(), P256.generateKeyPair(), salt);
  }

  /** The encryption with the ephemeral key pair and the salt given, so the RFC 8291 Appendix A vector can be replayed. */
  static byte[] encrypt(byte[] plaintext, byte[] userAgentPublicKey, byte[] authSecret, KeyPair ephemeral, byte[] salt) {
    if (plaintext.length > MAX_PLAINTEXT_BYTES) {
      throw new IllegalArgumentException("a Web Push payload holds at most " + MAX_PLAINTEXT_BYTES + " bytes, got "
        + plaintext.length);
    }
    if (salt.length != SALT_BYTES) {
      throw new IllegalArgumentException("the salt must be " + SALT_BYTES + " bytes");
    }
    ECPublicKey userAgentKey = P256.publicKey(userAgentPublicKey);
    byte[] serverPublicKey = P256.encode((ECPublicKey) ephemeral.getPublic());
    byte[] sharedSecret = P256.sharedSecret((ECPrivateKey) ephemeral.getPrivate(), userAgentKey);
    ContentKeys keys = ContentKeys.derive(sharedSecret, authSecret, userAgentPublicKey, serverPublicKey, salt);

    byte[] body = new byte[HEADER_BYTES + plaintext.length + 1 + TAG_BYTES];
    ByteBuffer header = ByteBuffer.wrap(body);
    header.put(salt).putInt(RECORD_SIZE).put((byte) P256.PUBLIC_KEY_BYTES).put(serverPublicKey);
    byte[] record = Arrays.copyOf(plaintext, plaintext.length + 1);
    record[plaintext.length] = LAST_RECORD_DELIMITER;
    try {
      Cipher cipher = keys.cipher(Cipher.ENCRYPT_MODE, 0);
      cipher.doFinal(record, 0, record.length, body, HEADER_BYTES);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-128-GCM encryption failed", e);
    }
    return body;
  }

  /**
   * Decrypts a push body as the browser holding the subscription's private key does (RFC 8291 §3.4,
   * RFC 8188 §2): reads the header, derives the keys, opens every record and strips the padding.
   *
   * @param userAgentPrivateKey the private key of the subscription's {@code p256dh}
   * @param userAgentPublicKey  the 65-byte {@code p256dh} point
   * @param authSecret          the 16-byte {@code auth} secret
   * @throws IllegalArgumentException when the body is malformed or does not authenticate
   */
  public static byte[] decrypt(byte[] body, ECPrivateKey userAgentPrivateKey, byte[] userAgentPublicKey,
                               byte[] authSecret) {
    if (body.length < SALT_BYTES + 5) {
      throw new IllegalArgumentException("the body is shorter than an aes128gcm header");
    }
    ByteBuffer in = ByteBuffer.wrap(body);
    byte[] salt = new byte[SALT_BYTES];
    in.get(salt);
    long recordSize = Integer.toUnsignedLong(in.getInt());
    int keyIdLength = in.get() & 0xff;
    if (recordSize < TAG_BYTES + 2) {
      throw new IllegalArgumentException("record size " + recordSize + " is too small");
    }
    if (keyIdLength != P256.PUBLIC_KEY_BYTES || in.remaining() < keyIdLength) {
      throw new IllegalArgumentException("the key id must be the sender's 65-byte P-256 public key, got "
        + keyIdLength + " bytes");
    }
    byte[] serverPublicKey = new byte[keyIdLength];
    in.get(serverPublicKey);
    byte[] sharedSecret = P256.sharedSecret(userAgentPrivateKey, P256.publicKey(serverPublicKey));
    ContentKeys keys = ContentKeys.derive(sharedSecret, authSecret, userAgentPublicKey, serverPublicKey, salt);

    if (!in.hasRemaining()) {
      throw new IllegalArgumentException("the body has no record");
    }
    ByteArrayOutputStream plaintext = new ByteArrayOutputStream(in.remaining());
    long sequence = 0;
    while (in.hasRemaining()) {
      int length = (int) Math.min(recordSize, in.remaining());
      if (length <= TAG_BYTES) {
        throw new IllegalArgumentException("record " + sequence + " is shorter than its tag");
      }
      boolean last = length == in.remaining();
      byte[] sealed = new byte[length];
      in.get(sealed);
      byte[] opened;
      try {
        opened = keys.cipher(Cipher.DECRYPT_MODE, sequence).doFinal(sealed);
      } catch (AEADBadTagException e) {
        throw new IllegalArgumentException("record " + sequence + " does not authenticate (wrong keys or altered body)");
      } catch (GeneralSecurityException e) {
        throw new IllegalArgumentException("record " + sequence + " could not be decrypted: " + e.getMessage(), e);
      }
      int end = opened.length - 1;
      while (end >= 0 && opened[end] == 0) {
        end--;
      }
      byte expected = last ? LAST_RECORD_DELIMITER : RECORD_DELIMITER;
      if (end < 0 || opened[end] != expected) {
        throw new IllegalArgumentException("record " + sequence + " lacks its padding delimiter 0x0" + expected);
      }
      plaintext.write(opened, 0, end);
      sequence++;
    }
    return plaintext.toByteArray();
  }

  /** The content-encryption key and base nonce of one message (RFC 8291 §3.4, RFC 8188 §2.2–2.3). */
  private record ContentKeys(byte[] contentKey, byte[] nonce) {

    static ContentKeys derive(byte[] sharedSecret, byte[] authSecret, byte[] userAgentPublicKey,
                              byte[] serverPublicKey, byte[] salt) {
      // IKM = HKDF(salt = auth_secret, ikm = ecdh_secret, info = "WebPush: info\0" || ua_public || as_public, 32)
      byte[] keyInfo = concat(KEY_INFO_PREFIX, userAgentPublicKey, serverPublicKey);
      byte[] inputKeyingMaterial = expand(hmac(authSecret, sharedSecret), keyInfo, 32);
      byte[] pseudoRandomKey = hmac(salt, inputKeyingMaterial);
      return new ContentKeys(expand(pseudoRandomKey, CEK_INFO, CEK_BYTES), expand(pseudoRandomKey, NONCE_INFO, NONCE_BYTES));
    }

    Cipher cipher(int mode, long sequence) throws GeneralSecurityException {
      // Each record's nonce is the base nonce XOR its sequence number, big-endian in the last bytes.
      byte[] recordNonce = nonce.clone();
      for (int i = 0; i < 8; i++) {
        recordNonce[NONCE_BYTES - 1 - i] ^= (byte) (sequence >>> (8 * i));
      }
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(mode, new SecretKeySpec(contentKey, "AES"), new GCMParameterSpec(TAG_BYTES * 8, recordNonce));
      return cipher;
    }
  }

  private static byte[] hmac(byte[] key, byte[] data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA-256 is unavailable", e);
    }
  }

  /** HKDF-Expand for at most one block (every output here is 32 bytes or fewer): T(1) = HMAC(PRK, info || 0x01). */
  private static byte[] expand(byte[] pseudoRandomKey, byte[] info, int length) {
    byte[] input = Arrays.copyOf(info, info.length + 1);
    input[info.length] = 0x01;
    return Arrays.copyOf(hmac(pseudoRandomKey, input), length);
  }

  private static byte[] concat(byte[]... parts) {
    int length = 0;
    for (byte[] part : parts) {
      length += part.length;
    }
    byte[] out = new byte[length];
    int offset = 0;
    for (byte[] part : parts) {
      System.arraycopy(part, 0, out, offset, part.length);
      offset += part.length;
    }
    return out;
  }
}
