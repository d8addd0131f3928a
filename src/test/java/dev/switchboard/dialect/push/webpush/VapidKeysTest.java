package dev.switchboard.dialect.push.webpush;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.*;

/** VAPID keys in the config forms of SPEC §7 (the web-push npm package's forms): generate, parse, encode, check. */
class VapidKeysTest {

  // A known pair in web-push's generateVAPIDKeys() form (the application server keys of RFC 8291 Appendix A).
  static final String KNOWN_PUBLIC = "BP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A8";
  static final String KNOWN_PRIVATE = "yfWPiYE-n46HLnH0KqZOF1fJJU3MYrct3AELtAQ-oRw";

  @Test
  void generatedKeysHaveTheBrowserFormsAndRoundTrip() {
    VapidKeys keys = VapidKeys.generate();
    assertEquals(87, keys.publicKeyBase64Url().length(), "65 bytes, base64url without padding");
    assertEquals(43, keys.privateKeyBase64Url().length(), "32 bytes, base64url without padding");
    assertTrue(keys.publicKeyBase64Url().matches("[A-Za-z0-9_-]+"));
    assertTrue(keys.privateKeyBase64Url().matches("[A-Za-z0-9_-]+"));
    assertEquals(0x04, keys.publicKeyBytes()[0], "uncompressed point");

    VapidKeys parsed = VapidKeys.parse(keys.publicKeyBase64Url(), keys.privateKeyBase64Url());
    assertEquals(keys.publicKeyBase64Url(), parsed.publicKeyBase64Url());
    assertEquals(keys.privateKeyBase64Url(), parsed.privateKeyBase64Url());
    assertEquals(keys.publicKey().getW(), parsed.publicKey().getW());
    assertEquals(keys.privateKey().getS(), parsed.privateKey().getS());
    assertNotEquals(keys.publicKeyBase64Url(), VapidKeys.generate().publicKeyBase64Url());
  }

  @Test
  void aKnownPairParsesAndEncodesBackToTheSameStrings() {
    VapidKeys keys = VapidKeys.parse(KNOWN_PUBLIC, KNOWN_PRIVATE);
    assertEquals(KNOWN_PUBLIC, keys.publicKeyBase64Url());
    assertEquals(KNOWN_PRIVATE, keys.privateKeyBase64Url());
    assertFalse(keys.toString().contains(KNOWN_PRIVATE), "the private key stays out of logs");
  }

  @Test
  void paddedAndStandardBase64AreAccepted() {
    byte[] publicBytes = Base64.getUrlDecoder().decode(KNOWN_PUBLIC);
    byte[] privateBytes = Base64.getUrlDecoder().decode(KNOWN_PRIVATE);
    VapidKeys keys = VapidKeys.parse(Base64.getEncoder().encodeToString(publicBytes),
      Base64.getEncoder().encodeToString(privateBytes) + "\n");
    assertEquals(KNOWN_PUBLIC, keys.publicKeyBase64Url());
    assertEquals(KNOWN_PRIVATE, VapidKeys.parse(KNOWN_PUBLIC + "=", KNOWN_PRIVATE + "=").privateKeyBase64Url());
  }

  @Test
  void aMismatchedPairIsRefusedNamingBothSettings() {
    VapidKeys other = VapidKeys.generate();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
      () -> VapidKeys.parse(KNOWN_PUBLIC, other.privateKeyBase64Url()));
    assertTrue(e.getMessage().contains("push.webpush.privateKey does not belong to push.webpush.publicKey"), e.getMessage());
  }

  @Test
  void badPublicKeysAreRefusedNamingThePublicKey() {
    assertRefused(null, KNOWN_PRIVATE, "push.webpush.publicKey", "missing");
    assertRefused("", KNOWN_PRIVATE, "push.webpush.publicKey", "missing");
    assertRefused("not base64!", KNOWN_PRIVATE, "push.webpush.publicKey", "base64");
    assertRefused(KNOWN_PRIVATE, KNOWN_PRIVATE, "push.webpush.publicKey", "got 32");
    byte[] compressed = Base64.getUrlDecoder().decode(KNOWN_PUBLIC);
    compressed[0] = 0x02;
    assertRefused(Base64.getUrlEncoder().encodeToString(compressed), KNOWN_PRIVATE, "push.webpush.publicKey", "0x04");
    byte[] offCurve = Base64.getUrlDecoder().decode(KNOWN_PUBLIC);
    offCurve[64] ^= 1;
    assertRefused(Base64.getUrlEncoder().encodeToString(offCurve), KNOWN_PRIVATE, "push.webpush.publicKey", "not on the P-256 curve");
  }

  @Test
  void badPrivateKeysAreRefusedNamingThePrivateKey() {
    assertRefused(KNOWN_PUBLIC, null, "push.webpush.privateKey", "missing");
    assertRefused(KNOWN_PUBLIC, "%%%", "push.webpush.privateKey", "base64");
    assertRefused(KNOWN_PUBLIC, KNOWN_PUBLIC, "push.webpush.privateKey", "got 65");
    assertRefused(KNOWN_PUBLIC, Base64.getUrlEncoder().encodeToString(new byte[32]), "push.webpush.privateKey", "out of range");
    byte[] aboveOrder = new byte[32];
    java.util.Arrays.fill(aboveOrder, (byte) 0xff);
    assertRefused(KNOWN_PUBLIC, Base64.getUrlEncoder().encodeToString(aboveOrder), "push.webpush.privateKey", "out of range");
  }

  @Test
  void fromSettingsIsEmptyWithoutKeysAndRefusesHalfAPair() {
    assertTrue(VapidKeys.fromSettings(null, null).isEmpty());
    assertTrue(VapidKeys.fromSettings("", " ").isEmpty());
    assertEquals(KNOWN_PUBLIC, VapidKeys.fromSettings(KNOWN_PUBLIC, KNOWN_PRIVATE).orElseThrow().publicKeyBase64Url());
    IllegalArgumentException noPrivate = assertThrows(IllegalArgumentException.class,
      () -> VapidKeys.fromSettings(KNOWN_PUBLIC, null));
    assertTrue(noPrivate.getMessage().startsWith("push.webpush.privateKey is missing"), noPrivate.getMessage());
    IllegalArgumentException noPublic = assertThrows(IllegalArgumentException.class,
      () -> VapidKeys.fromSettings(null, KNOWN_PRIVATE));
    assertTrue(noPublic.getMessage().startsWith("push.webpush.publicKey is missing"), noPublic.getMessage());
  }

  @Test
  void theGeneratorPrintsAConfigFragmentThatParses() {
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      VapidKeyGenerator.main(new String[] {"mailto:ops@example.com"});
    } finally {
      System.setOut(original);
    }
    JsonObject webpush = new JsonObject(captured.toString(StandardCharsets.UTF_8))
      .getJsonObject("push").getJsonObject("webpush");
    assertEquals(3, webpush.size());
    assertEquals("mailto:ops@example.com", webpush.getString("subject"));
    VapidKeys keys = VapidKeys.parse(webpush.getString("publicKey"), webpush.getString("privateKey"));
    assertEquals(webpush.getString("publicKey"), keys.publicKeyBase64Url());

    JsonObject defaults = VapidKeyGenerator.configFragment(keys, VapidKeyGenerator.DEFAULT_SUBJECT);
    assertEquals("mailto:admin@localhost", defaults.getJsonObject("push").getJsonObject("webpush").getString("subject"));
  }

  private static void assertRefused(String publicKey, String privateKey, String setting, String reason) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> VapidKeys.parse(publicKey, privateKey));
    assertTrue(e.getMessage().startsWith(setting + " is not"), e.getMessage());
    assertTrue(e.getMessage().contains(reason), e.getMessage());
  }
}
