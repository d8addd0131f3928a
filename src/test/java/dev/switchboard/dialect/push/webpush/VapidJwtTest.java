package dev.switchboard.dialect.push.webpush;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.*;

/** RFC 8292 VAPID: the ES256 token, its claims, the Authorization header, and verification as a push service does it. */
class VapidJwtTest {

  private static final VapidKeys KEYS = VapidKeys.generate();
  private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
  private static final String ENDPOINT = "https://fcm.googleapis.com/fcm/send/abc:def";

  @Test
  void audienceIsTheOriginOfTheEndpoint() {
    assertEquals("https://fcm.googleapis.com", VapidJwt.audienceOf(ENDPOINT));
    assertEquals("https://updates.push.services.mozilla.com",
      VapidJwt.audienceOf("https://updates.push.services.mozilla.com/wpush/v2/gAAAA?x=1"));
    assertEquals("https://web.push.apple.com", VapidJwt.audienceOf("HTTPS://Web.Push.Apple.com:443/QGuQ"));
    assertEquals("https://push.example.net:8443", VapidJwt.audienceOf("https://push.example.net:8443/p/1"));
    assertEquals("http://127.0.0.1:9090", VapidJwt.audienceOf("http://127.0.0.1:9090/push/1"));
    assertEquals("http://localhost", VapidJwt.audienceOf("http://localhost:80/push/1"));
  }

  @Test
  void aSignedTokenVerifiesWithThePublicKeyAndCarriesTheClaims() {
    VapidJwt claims = VapidJwt.forEndpoint(ENDPOINT, "mailto:ops@example.com", NOW);
    assertEquals(NOW.plus(Duration.ofHours(12)), claims.expiresAt());
    String token = claims.sign(KEYS);

    String[] parts = token.split("\\.");
    assertEquals(3, parts.length);
    JsonObject header = new JsonObject(new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8));
    assertEquals("ES256", header.getString("alg"));
    assertEquals("JWT", header.getString("typ"));
    JsonObject body = new JsonObject(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
    assertEquals("https://fcm.googleapis.com", body.getString("aud"));
    assertEquals(NOW.getEpochSecond() + 12 * 3600, body.getLong("exp"));
    assertEquals("mailto:ops@example.com", body.getString("sub"));
    assertEquals(64, Base64.getUrlDecoder().decode(parts[2]).length, "JOSE R || S, not DER");
    assertFalse(token.contains("="), "base64url without padding");

    assertEquals(claims, VapidJwt.verify(token, KEYS.publicKey(), "https://fcm.googleapis.com", NOW));
  }

  @Test
  void verificationFailsWithAnotherKeyAudienceOrTime() {
    String token = VapidJwt.forEndpoint(ENDPOINT, "mailto:ops@example.com", NOW).sign(KEYS);
    assertRefused(() -> VapidJwt.verify(token, VapidKeys.generate().publicKey(), "https://fcm.googleapis.com", NOW),
      "signature does not verify");
    assertRefused(() -> VapidJwt.verify(token, KEYS.publicKey(), "https://web.push.apple.com", NOW), "aud");
    assertRefused(() -> VapidJwt.verify(token, KEYS.publicKey(), "https://fcm.googleapis.com", NOW.plus(Duration.ofHours(13))),
      "expired");
    String tooLong = new VapidJwt("https://fcm.googleapis.com", "mailto:a@b.c", NOW.plus(Duration.ofHours(25))).sign(KEYS);
    assertRefused(() -> VapidJwt.verify(tooLong, KEYS.publicKey(), "https://fcm.googleapis.com", NOW), "more than 24 h");
    String[] parts = token.split("\\.");
    String forged = parts[0] + "." + Base64Keys.encode(new JsonObject().put("aud", "https://fcm.googleapis.com")
      .put("exp", NOW.getEpochSecond() + 3600).put("sub", "mailto:evil@example.com").encode().getBytes(StandardCharsets.UTF_8))
      + "." + parts[2];
    assertRefused(() -> VapidJwt.verify(forged, KEYS.publicKey(), "https://fcm.googleapis.com", NOW), "signature does not verify");
    assertRefused(() -> VapidJwt.verify("a.b", KEYS.publicKey(), "https://fcm.googleapis.com", NOW), "compact JWT");
    String none = Base64Keys.encode("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8)) + "." + parts[1] + ".";
    assertRefused(() -> VapidJwt.verify(none, KEYS.publicKey(), "https://fcm.googleapis.com", NOW), "not ES256");
  }

  @Test
  void theAuthorizationHeaderCarriesTokenAndKey() {
    String header = VapidJwt.forEndpoint(ENDPOINT, "https://switchboard.example", NOW).authorization(KEYS);
    assertTrue(header.matches("vapid t=[\\w-]+\\.[\\w-]+\\.[\\w-]+, k=[\\w-]{87}"), header);
    VapidJwt.Authorization parsed = VapidJwt.parseAuthorization(header);
    assertEquals(KEYS.publicKeyBase64Url(), parsed.publicKey());
    assertEquals(parsed, VapidJwt.parseAuthorization("vapid k=" + parsed.publicKey() + ",t=" + parsed.token()));

    VapidJwt verified = VapidJwt.verifyAuthorization(header, KEYS.publicKeyBase64Url(), "https://fcm.googleapis.com", NOW);
    assertEquals("https://switchboard.example", verified.subject());
    assertRefused(() -> VapidJwt.verifyAuthorization(header, VapidKeys.generate().publicKeyBase64Url(),
      "https://fcm.googleapis.com", NOW), "k= is not the key");
    assertRefused(() -> VapidJwt.parseAuthorization("Bearer abc"), "not 'vapid");
    assertRefused(() -> VapidJwt.parseAuthorization(null), "not 'vapid");
  }

  @Test
  void theSubjectMustBeMailtoOrHttps() {
    VapidJwt.checkSubject("mailto:admin@localhost");
    VapidJwt.checkSubject("https://switchboard.example/contact");
    assertRefused(() -> VapidJwt.checkSubject("admin@example.com"), "push.webpush.subject must be a mailto: or https: URL");
    assertRefused(() -> VapidJwt.checkSubject("http://example.com"), "push.webpush.subject must be");
    assertRefused(() -> VapidJwt.checkSubject("mailto:"), "push.webpush.subject must be");
    assertRefused(() -> VapidJwt.checkSubject(null), "push.webpush.subject is missing");
  }

  private static void assertRefused(org.junit.jupiter.api.function.Executable call, String reason) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    assertTrue(e.getMessage().contains(reason), e.getMessage());
  }
}
