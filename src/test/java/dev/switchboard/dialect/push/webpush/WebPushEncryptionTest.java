package dev.switchboard.dialect.push.webpush;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.util.Arrays;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.*;

/** RFC 8291 aes128gcm: the Appendix A vector byte for byte, and round trips through the browser-side decrypt. */
class WebPushEncryptionTest {

  // RFC 8291 Appendix A.
  static final String PLAINTEXT = "When I grow up, I want to be a watermelon";
  static final String AS_PUBLIC = "BP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A8";
  static final String AS_PRIVATE = "yfWPiYE-n46HLnH0KqZOF1fJJU3MYrct3AELtAQ-oRw";
  static final String UA_PUBLIC = "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4";
  static final String UA_PRIVATE = "q1dXpw3UpT5VOmu_cf_v6ih07Aems3njxI-JWgLcM94";
  static final String AUTH_SECRET = "BTBZMqHH6r4Tts7J_aSIgg";
  static final String SALT = "DGv6ra1nlYgDCS1FRnbzlw";
  static final String BODY = "DGv6ra1nlYgDCS1FRnbzlwAAEABBBP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A_yl95bQpu6cVPTpK4Mqgkf1CXztLVBSt2Ks3oZwbuwXPXLWyouBWLVWGNWQexSgSxsj_Qulcy4a-fN";

  private static byte[] b64(String text) {
    return Base64.getUrlDecoder().decode(text);
  }

  @Test
  void reproducesTheRfc8291AppendixAMessageExactly() {
    KeyPair applicationServer = new KeyPair(P256.publicKey(b64(AS_PUBLIC)), P256.privateKey(b64(AS_PRIVATE)));
    byte[] body = WebPushEncryption.encrypt(PLAINTEXT.getBytes(StandardCharsets.UTF_8), b64(UA_PUBLIC), b64(AUTH_SECRET),
      applicationServer, b64(SALT));
    assertEquals(BODY, Base64.getUrlEncoder().withoutPadding().encodeToString(body));
  }

  @Test
  void decryptsTheRfc8291AppendixAMessage() {
    byte[] plaintext = WebPushEncryption.decrypt(b64(BODY), P256.privateKey(b64(UA_PRIVATE)), b64(UA_PUBLIC), b64(AUTH_SECRET));
    assertEquals(PLAINTEXT, new String(plaintext, StandardCharsets.UTF_8));
  }

  @Test
  void roundTripsThroughABrowserKeyPair() {
    Browser browser = new Browser();
    for (String text : new String[] {"", "x", "{\"cmd\":\"MESSAGE\",\"data\":{\"mid\":\"m-1\",\"message\":{\"text\":\"héllo ✓\"}}}"}) {
      byte[] payload = text.getBytes(StandardCharsets.UTF_8);
      byte[] body = WebPushEncryption.encrypt(payload, browser.subscription);
      assertEquals(WebPushEncryption.HEADER_BYTES + payload.length + 1 + WebPushEncryption.TAG_BYTES, body.length);
      assertEquals(4096, java.nio.ByteBuffer.wrap(body, 16, 4).getInt(), "rs");
      assertEquals(65, body[20], "idlen");
      assertEquals(0x04, body[21], "keyid is the ephemeral uncompressed point");
      assertArrayEquals(payload, browser.decrypt(body));
    }
  }

  @Test
  void everyMessageHasItsOwnSaltAndEphemeralKey() {
    Browser browser = new Browser();
    byte[] first = WebPushEncryption.encrypt(new byte[10], browser.subscription);
    byte[] second = WebPushEncryption.encrypt(new byte[10], browser.subscription);
    assertFalse(Arrays.equals(Arrays.copyOf(first, 16), Arrays.copyOf(second, 16)), "salt");
    assertFalse(Arrays.equals(Arrays.copyOfRange(first, 21, 86), Arrays.copyOfRange(second, 21, 86)), "ephemeral key");
  }

  @Test
  void theLargestPayloadFillsExactly4096BytesAndOneMoreIsRefused() {
    Browser browser = new Browser();
    byte[] largest = new byte[WebPushEncryption.MAX_PLAINTEXT_BYTES];
    new SecureRandom().nextBytes(largest);
    assertEquals(3993, WebPushEncryption.MAX_PLAINTEXT_BYTES);
    byte[] body = WebPushEncryption.encrypt(largest, browser.subscription);
    assertEquals(4096, body.length);
    assertArrayEquals(largest, browser.decrypt(body));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
      () -> WebPushEncryption.encrypt(new byte[WebPushEncryption.MAX_PLAINTEXT_BYTES + 1], browser.subscription));
    assertTrue(e.getMessage().contains("at most 3993 bytes"), e.getMessage());
  }

  @Test
  void anAlteredBodyOrTheWrongSecretDoesNotDecrypt() {
    Browser browser = new Browser();
    byte[] body = WebPushEncryption.encrypt("secret".getBytes(StandardCharsets.UTF_8), browser.subscription);
    byte[] altered = body.clone();
    altered[altered.length - 1] ^= 1;
    assertThrows(IllegalArgumentException.class, () -> browser.decrypt(altered));
    byte[] otherAuth = new byte[16];
    assertThrows(IllegalArgumentException.class, () -> WebPushEncryption.decrypt(body, browser.privateKey,
      browser.subscription.p256dhBytes(), otherAuth));
    Browser stranger = new Browser();
    assertThrows(IllegalArgumentException.class, () -> WebPushEncryption.decrypt(body, stranger.privateKey,
      browser.subscription.p256dhBytes(), browser.subscription.authBytes()));
    assertThrows(IllegalArgumentException.class, () -> browser.decrypt(Arrays.copyOf(body, 20)));
    assertThrows(IllegalArgumentException.class, () -> browser.decrypt(Arrays.copyOf(body, 86)));
  }

  /** The browser side of a subscription, made in the test. */
  static final class Browser {
    final ECPrivateKey privateKey;
    final WebPushSubscription subscription;

    Browser() {
      KeyPair keys = P256.generateKeyPair();
      byte[] auth = new byte[16];
      new SecureRandom().nextBytes(auth);
      privateKey = (ECPrivateKey) keys.getPrivate();
      subscription = new WebPushSubscription("https://push.example.net/p/1", null,
        Base64Keys.encode(P256.encode((ECPublicKey) keys.getPublic())), Base64Keys.encode(auth));
    }

    byte[] decrypt(byte[] body) {
      return WebPushEncryption.decrypt(body, privateKey, subscription.p256dhBytes(), subscription.authBytes());
    }
  }
}
