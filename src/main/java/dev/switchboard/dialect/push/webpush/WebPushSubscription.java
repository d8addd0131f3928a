package dev.switchboard.dialect.push.webpush;

import io.vertx.core.json.JsonObject;

import java.net.URI;
import java.net.URISyntaxException;
import java.security.interfaces.ECPublicKey;
import java.time.Instant;
import java.util.Locale;

/**
 * A browser's {@code PushSubscription} as its {@code toJSON()} gives it, {@code {endpoint, expirationTime,
 * keys:{p256dh, auth}}}: where to POST, and the keys to encrypt for. The push dialect parses the one a client
 * sends with {@code REGISTER_FCM} and keeps its {@link #toJson()} in the cluster map. The keys are kept as
 * canonical base64url (no padding) whatever form came in, so equal subscriptions are equal records.
 *
 * @param endpoint       the push resource URL (http or https)
 * @param expirationTime milliseconds since the epoch when the browser will drop it, or {@code null} (the usual)
 * @param p256dh         the user agent's P-256 public key, base64url of the 65-byte uncompressed point
 * @param auth           the 16-byte authentication secret, base64url
 */
public record WebPushSubscription(String endpoint, Long expirationTime, String p256dh, String auth) {

  public static final int AUTH_SECRET_BYTES = 16;
  /** Real endpoints are a few hundred characters; the bound keeps a hostile client from storing megabytes. */
  public static final int MAX_ENDPOINT_LENGTH = 2048;

  /**
   * Validates and normalises.
   *
   * @throws IllegalArgumentException naming the field that is wrong
   */
  public WebPushSubscription {
    checkEndpoint(endpoint);
    p256dh = canonicalPublicKey(p256dh);
    auth = canonicalAuthSecret(auth);
  }

  /**
   * Parses a subscription JSON from a client.
   *
   * @throws IllegalArgumentException naming the field that is missing or wrong
   */
  public static WebPushSubscription fromJson(JsonObject json) {
    if (json == null) {
      throw new IllegalArgumentException("subscription: expected a PushSubscription JSON object");
    }
    Object endpoint = json.getValue("endpoint");
    if (!(endpoint instanceof String)) {
      throw new IllegalArgumentException("subscription endpoint: " + (endpoint == null ? "missing" : "not a string"));
    }
    Object expiration = json.getValue("expirationTime");
    if (expiration != null && !(expiration instanceof Number)) {
      throw new IllegalArgumentException("subscription expirationTime: expected a number or null");
    }
    Object keys = json.getValue("keys");
    if (!(keys instanceof JsonObject keyObject)) {
      throw new IllegalArgumentException("subscription keys: " + (keys == null ? "missing" : "not an object"));
    }
    return new WebPushSubscription((String) endpoint,
      expiration == null ? null : ((Number) expiration).longValue(),
      stringOrNull(keyObject, "p256dh"), stringOrNull(keyObject, "auth"));
  }

  /** The browser's own shape, {@code {endpoint, expirationTime, keys:{p256dh, auth}}}. */
  public JsonObject toJson() {
    return new JsonObject()
      .put("endpoint", endpoint)
      .put("expirationTime", expirationTime)
      .put("keys", new JsonObject().put("p256dh", p256dh).put("auth", auth));
  }

  /** The user agent's public key, for the ECDH of {@link WebPushEncryption}. */
  public ECPublicKey userAgentPublicKey() {
    return P256.publicKey(p256dhBytes());
  }

  /** The 65-byte uncompressed point of {@link #p256dh}. */
  public byte[] p256dhBytes() {
    return Base64Keys.decode(p256dh);
  }

  /** The 16 bytes of {@link #auth}. */
  public byte[] authBytes() {
    return Base64Keys.decode(auth);
  }

  /** Whether the browser said it would have dropped the subscription by {@code now}. */
  public boolean expiredAt(Instant now) {
    return expirationTime != null && expirationTime <= now.toEpochMilli();
  }

  @Override
  public String toString() {
    // The endpoint is a capability (anyone holding it can push); logs get its origin only.
    return "WebPushSubscription[" + VapidJwt.audienceOf(endpoint) + "/…]";
  }

  private static void checkEndpoint(String endpoint) {
    if (endpoint == null || endpoint.isBlank()) {
      throw new IllegalArgumentException("subscription endpoint: missing");
    }
    if (endpoint.length() > MAX_ENDPOINT_LENGTH) {
      throw new IllegalArgumentException("subscription endpoint: longer than " + MAX_ENDPOINT_LENGTH + " characters");
    }
    URI uri;
    try {
      uri = new URI(endpoint);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("subscription endpoint: not a URL (" + e.getMessage() + ")");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("https") && !scheme.equals("http")) {
      throw new IllegalArgumentException("subscription endpoint: must be an http or https URL, got '"
        + (scheme.isEmpty() ? endpoint : scheme + ":") + "'");
    }
    if (uri.getHost() == null || uri.getRawUserInfo() != null) {
      throw new IllegalArgumentException("subscription endpoint: must be an http or https URL with a host");
    }
  }

  private static String canonicalPublicKey(String p256dh) {
    try {
      return Base64Keys.encode(P256.encode(P256.publicKey(Base64Keys.decode(p256dh))));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("subscription keys.p256dh: " + e.getMessage(), e);
    }
  }

  private static String canonicalAuthSecret(String auth) {
    byte[] bytes;
    try {
      bytes = Base64Keys.decode(auth);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("subscription keys.auth: " + e.getMessage(), e);
    }
    if (bytes.length != AUTH_SECRET_BYTES) {
      throw new IllegalArgumentException("subscription keys.auth: expected " + AUTH_SECRET_BYTES + " bytes, got "
        + bytes.length);
    }
    return Base64Keys.encode(bytes);
  }

  private static String stringOrNull(JsonObject object, String key) {
    Object value = object.getValue(key);
    if (value != null && !(value instanceof String)) {
      throw new IllegalArgumentException("subscription keys." + key + ": not a string");
    }
    return (String) value;
  }
}
