package dev.switchboard.dialect.push.webpush;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.*;

/** A browser's PushSubscription JSON: parsed, validated field by field, normalised, written back. */
class WebPushSubscriptionTest {

  static final String P256DH = "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4";
  static final String AUTH = "BTBZMqHH6r4Tts7J_aSIgg";
  static final String ENDPOINT = "https://fcm.googleapis.com/fcm/send/dGVzdA:APA91bExample";

  static JsonObject browserJson() {
    return new JsonObject().put("endpoint", ENDPOINT).putNull("expirationTime")
      .put("keys", new JsonObject().put("p256dh", P256DH).put("auth", AUTH));
  }

  @Test
  void parsesWhatABrowserSendsAndWritesItBack() {
    WebPushSubscription subscription = WebPushSubscription.fromJson(browserJson());
    assertEquals(ENDPOINT, subscription.endpoint());
    assertNull(subscription.expirationTime());
    assertEquals(P256DH, subscription.p256dh());
    assertEquals(AUTH, subscription.auth());
    assertEquals(65, subscription.p256dhBytes().length);
    assertEquals(16, subscription.authBytes().length);
    assertNotNull(subscription.userAgentPublicKey());
    assertEquals(browserJson(), subscription.toJson());
    assertEquals(subscription, WebPushSubscription.fromJson(subscription.toJson()));
    assertFalse(subscription.toString().contains("APA91b"), "the endpoint is a capability: logs get its origin");
  }

  @Test
  void keysInOtherBase64FormsAreNormalisedToBase64Url() {
    byte[] p256dh = Base64.getUrlDecoder().decode(P256DH);
    byte[] auth = Base64.getUrlDecoder().decode(AUTH);
    JsonObject padded = browserJson().put("keys", new JsonObject()
      .put("p256dh", Base64.getUrlEncoder().encodeToString(p256dh)).put("auth", Base64.getUrlEncoder().encodeToString(auth)));
    JsonObject standard = browserJson().put("keys", new JsonObject()
      .put("p256dh", Base64.getEncoder().withoutPadding().encodeToString(p256dh)).put("auth", Base64.getEncoder().encodeToString(auth)));
    assertEquals(WebPushSubscription.fromJson(browserJson()), WebPushSubscription.fromJson(padded));
    assertEquals(WebPushSubscription.fromJson(browserJson()), WebPushSubscription.fromJson(standard));
    assertEquals(P256DH, WebPushSubscription.fromJson(standard).p256dh());
  }

  @Test
  void expirationTimeIsKept() {
    WebPushSubscription subscription = WebPushSubscription.fromJson(browserJson().put("expirationTime", 1_900_000_000_000L));
    assertEquals(1_900_000_000_000L, subscription.expirationTime());
    assertEquals(1_900_000_000_000L, subscription.toJson().getLong("expirationTime"));
    assertFalse(subscription.expiredAt(Instant.ofEpochMilli(1_800_000_000_000L)));
    assertTrue(subscription.expiredAt(Instant.ofEpochMilli(1_900_000_000_000L)));
    assertFalse(WebPushSubscription.fromJson(browserJson()).expiredAt(Instant.MAX));
    assertRefused(browserJson().put("expirationTime", "soon"), "subscription expirationTime");
  }

  @Test
  void theEndpointMustBeAnHttpUrl() {
    assertEquals("http://127.0.0.1:9/push/x",
      WebPushSubscription.fromJson(browserJson().put("endpoint", "http://127.0.0.1:9/push/x")).endpoint());
    assertRefused(browserJson().put("endpoint", "ftp://example.com/x"), "subscription endpoint: must be an http or https URL");
    assertRefused(browserJson().put("endpoint", "javascript:alert(1)"), "subscription endpoint: must be an http or https URL");
    assertRefused(browserJson().put("endpoint", "/relative/path"), "subscription endpoint: must be an http or https URL");
    assertRefused(browserJson().put("endpoint", "https://exa mple.com/"), "subscription endpoint: not a URL");
    assertRefused(browserJson().put("endpoint", "https:///nohost"), "subscription endpoint");
    assertRefused(browserJson().put("endpoint", "https://user:pw@example.com/x"), "subscription endpoint");
    assertRefused(browserJson().put("endpoint", "https://example.com/" + "a".repeat(3000)), "subscription endpoint: longer than");
    assertRefused(browserJson().putNull("endpoint"), "subscription endpoint: missing");
    assertRefused(browserJson().put("endpoint", 42), "subscription endpoint: not a string");
  }

  @Test
  void p256dhMustBeAnUncompressedP256Point() {
    byte[] point = Base64.getUrlDecoder().decode(P256DH);
    byte[] compressed = java.util.Arrays.copyOf(point, 33);
    compressed[0] = 0x03;
    byte[] offCurve = point.clone();
    offCurve[10] ^= 0x40;
    assertRefused(withKeys(Base64.getUrlEncoder().encodeToString(compressed), AUTH), "subscription keys.p256dh: expected 65 bytes");
    assertRefused(withKeys(Base64.getUrlEncoder().encodeToString(offCurve), AUTH), "subscription keys.p256dh: the point is not on the P-256 curve");
    assertRefused(withKeys("***", AUTH), "subscription keys.p256dh: not base64url");
    assertRefused(withKeys(null, AUTH), "subscription keys.p256dh: missing");
    assertRefused(browserJson().put("keys", new JsonObject().put("p256dh", 1).put("auth", AUTH)), "subscription keys.p256dh: not a string");
  }

  @Test
  void authMustBeSixteenBytes() {
    assertRefused(withKeys(P256DH, Base64.getUrlEncoder().encodeToString(new byte[15])), "subscription keys.auth: expected 16 bytes, got 15");
    assertRefused(withKeys(P256DH, Base64.getUrlEncoder().encodeToString(new byte[32])), "subscription keys.auth: expected 16 bytes, got 32");
    assertRefused(withKeys(P256DH, null), "subscription keys.auth: missing");
    assertRefused(browserJsonWithout("keys"), "subscription keys: missing");
    assertRefused(browserJson().put("keys", "x"), "subscription keys: not an object");
    assertThrows(IllegalArgumentException.class, () -> WebPushSubscription.fromJson(null));
  }

  private static JsonObject browserJsonWithout(String key) {
    JsonObject json = browserJson();
    json.remove(key);
    return json;
  }

  private static JsonObject withKeys(String p256dh, String auth) {
    return browserJson().put("keys", new JsonObject().put("p256dh", p256dh).put("auth", auth));
  }

  private static void assertRefused(JsonObject json, String messageStart) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> WebPushSubscription.fromJson(json));
    assertTrue(e.getMessage().startsWith(messageStart), e.getMessage());
  }
}
