package dev.switchboard.dialect.push.webpush;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The claims of a VAPID token (RFC 8292): the ES256 JWT {@code {aud, exp, sub}} that identifies the application
 * server to a push service, and the {@code Authorization: vapid t=<jwt>, k=<public key>} header that carries it.
 * {@link WebPushSender} signs one per push-service origin; tests and the fake push service verify them.
 *
 * @param audience  the origin of the push resource, {@code scheme://host[:port]}
 * @param subject   a {@code mailto:} or {@code https:} contact for the push service's operator
 * @param expiresAt when the token expires (whole seconds; at most {@link #MAX_VALIDITY} ahead when used)
 */
public record VapidJwt(String audience, String subject, Instant expiresAt) {

  /** How long the tokens we sign live; RFC 8292 §2 allows at most 24 hours, and clocks drift. */
  public static final Duration DEFAULT_VALIDITY = Duration.ofHours(12);
  public static final Duration MAX_VALIDITY = Duration.ofHours(24);
  public static final String SUBJECT_SETTING = "push.webpush.subject";

  private static final String HEADER = Base64Keys.encode(
    "{\"typ\":\"JWT\",\"alg\":\"ES256\"}".getBytes(StandardCharsets.UTF_8));
  // JOSE wants ES256 signatures as the raw 64-byte R || S (RFC 7518 §3.4), which is IEEE P1363 form; the JDK
  // signs in it directly, so there is no DER to convert.
  private static final String SIGNATURE_ALGORITHM = "SHA256withECDSAinP1363Format";
  private static final int SIGNATURE_BYTES = 64;
  private static final Pattern AUTHORIZATION =
    Pattern.compile("^\\s*vapid\\s+(?:t=([^,\\s]+)\\s*,\\s*k=([^,\\s]+)|k=([^,\\s]+)\\s*,\\s*t=([^,\\s]+))\\s*$",
      Pattern.CASE_INSENSITIVE);

  public VapidJwt {
    if (audience == null || audience.isBlank()) {
      throw new IllegalArgumentException("VAPID aud is missing");
    }
    checkSubject(subject);
    if (expiresAt == null) {
      throw new IllegalArgumentException("VAPID exp is missing");
    }
    expiresAt = Instant.ofEpochSecond(expiresAt.getEpochSecond());
  }

  /** The `Authorization` value, split. */
  public record Authorization(String token, String publicKey) {
  }

  /** Claims for a push to {@code endpoint}, valid for {@link #DEFAULT_VALIDITY} from {@code now}. */
  public static VapidJwt forEndpoint(String endpoint, String subject, Instant now) {
    return new VapidJwt(audienceOf(endpoint), subject, now.plus(DEFAULT_VALIDITY));
  }

  /**
   * The origin of a push endpoint as RFC 8292 §2 wants it in {@code aud}: lower-case scheme and host, and the
   * port only when it is not the scheme's default (the web origin serialization of RFC 6454).
   */
  public static String audienceOf(String endpoint) {
    URI uri = URI.create(endpoint);
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    String host = uri.getHost().toLowerCase(Locale.ROOT);
    int port = uri.getPort();
    boolean defaultPort = port == -1 || (scheme.equals("https") && port == 443) || (scheme.equals("http") && port == 80);
    return scheme + "://" + host + (defaultPort ? "" : ":" + port);
  }

  /**
   * Refuses a subject that is neither {@code mailto:} nor {@code https:} (RFC 8292 §2.1); some push services
   * reject such tokens, better to know at start.
   */
  public static void checkSubject(String subject) {
    if (subject == null || subject.isBlank()) {
      throw new IllegalArgumentException(SUBJECT_SETTING + " is missing: a mailto: or https: contact is required");
    }
    String lower = subject.toLowerCase(Locale.ROOT);
    if (!(lower.startsWith("mailto:") && subject.length() > "mailto:".length())
      && !(lower.startsWith("https://") && subject.length() > "https://".length())) {
      throw new IllegalArgumentException(SUBJECT_SETTING + " must be a mailto: or https: URL, got '" + subject + "'");
    }
  }

  /** The signed compact JWT. */
  public String sign(VapidKeys keys) {
    String claims = Base64Keys.encode(new JsonObject()
      .put("aud", audience).put("exp", expiresAt.getEpochSecond()).put("sub", subject)
      .encode().getBytes(StandardCharsets.UTF_8));
    String signingInput = HEADER + "." + claims;
    try {
      Signature signer = Signature.getInstance(SIGNATURE_ALGORITHM);
      signer.initSign(keys.privateKey());
      signer.update(signingInput.getBytes(StandardCharsets.US_ASCII));
      return signingInput + "." + Base64Keys.encode(signer.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("could not sign the VAPID token", e);
    }
  }

  /** The whole {@code Authorization} header value: {@code vapid t=<signed jwt>, k=<public key base64url>}. */
  public String authorization(VapidKeys keys) {
    return "vapid t=" + sign(keys) + ", k=" + keys.publicKeyBase64Url();
  }

  /**
   * Splits an {@code Authorization: vapid t=..., k=...} value (either order).
   *
   * @throws IllegalArgumentException when it is not one
   */
  public static Authorization parseAuthorization(String header) {
    Matcher matcher = header == null ? null : AUTHORIZATION.matcher(header);
    if (matcher == null || !matcher.matches()) {
      throw new IllegalArgumentException("Authorization is not 'vapid t=<jwt>, k=<key>'");
    }
    return matcher.group(1) != null
      ? new Authorization(matcher.group(1), matcher.group(2))
      : new Authorization(matcher.group(4), matcher.group(3));
  }

  /**
   * Checks an {@code Authorization} header as a push service does: the {@code k=} key must be
   * {@code expectedPublicKey} (the subscription's {@code applicationServerKey}), and the token must verify
   * with it (see {@link #verify}).
   *
   * @throws IllegalArgumentException saying what is wrong
   */
  public static VapidJwt verifyAuthorization(String header, String expectedPublicKey, String expectedAudience,
                                             Instant now) {
    Authorization authorization = parseAuthorization(header);
    byte[] offered;
    try {
      offered = Base64Keys.decode(authorization.publicKey());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("k= is not base64url: " + e.getMessage());
    }
    if (!MessageDigest.isEqual(offered, Base64Keys.decode(expectedPublicKey))) {
      throw new IllegalArgumentException("k= is not the key the subscription was made with");
    }
    return verify(authorization.token(), P256.publicKey(offered), expectedAudience, now);
  }

  /**
   * Verifies a token: ES256 signature by {@code publicKey}, {@code aud} equal to {@code expectedAudience},
   * {@code exp} after {@code now} and at most {@link #MAX_VALIDITY} ahead, {@code sub} present.
   *
   * @return its claims
   * @throws IllegalArgumentException saying what is wrong
   */
  public static VapidJwt verify(String token, ECPublicKey publicKey, String expectedAudience, Instant now) {
    String[] parts = token == null ? new String[0] : token.split("\\.", -1);
    if (parts.length != 3) {
      throw new IllegalArgumentException("the VAPID token is not a compact JWT (three dot-separated parts)");
    }
    JsonObject header = json(parts[0], "header");
    if (!"ES256".equals(header.getValue("alg"))) {
      throw new IllegalArgumentException("the VAPID token's alg is " + header.getValue("alg") + ", not ES256");
    }
    byte[] signature = Base64Keys.decode(parts[2]);
    if (signature.length != SIGNATURE_BYTES) {
      throw new IllegalArgumentException("an ES256 signature is " + SIGNATURE_BYTES + " bytes (R || S), got "
        + signature.length);
    }
    try {
      Signature verifier = Signature.getInstance(SIGNATURE_ALGORITHM);
      verifier.initVerify(publicKey);
      verifier.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
      if (!verifier.verify(signature)) {
        throw new IllegalArgumentException("the VAPID token's signature does not verify with the public key");
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("the VAPID token's signature could not be checked: " + e.getMessage(), e);
    }
    JsonObject claims = json(parts[1], "claims");
    Object audience = claims.getValue("aud");
    if (!expectedAudience.equals(audience)) {
      throw new IllegalArgumentException("the VAPID token's aud is " + audience + ", expected " + expectedAudience);
    }
    if (!(claims.getValue("exp") instanceof Number exp)) {
      throw new IllegalArgumentException("the VAPID token has no numeric exp");
    }
    Instant expiresAt = Instant.ofEpochSecond(exp.longValue());
    if (!expiresAt.isAfter(now)) {
      throw new IllegalArgumentException("the VAPID token expired at " + expiresAt);
    }
    if (expiresAt.isAfter(now.plus(MAX_VALIDITY))) {
      throw new IllegalArgumentException("the VAPID token's exp " + expiresAt + " is more than 24 h ahead");
    }
    if (!(claims.getValue("sub") instanceof String subject)) {
      throw new IllegalArgumentException("the VAPID token has no sub");
    }
    return new VapidJwt((String) audience, subject, expiresAt);
  }

  private static JsonObject json(String part, String what) {
    try {
      return new JsonObject(new String(Base64Keys.decode(part), StandardCharsets.UTF_8));
    } catch (IllegalArgumentException | DecodeException | ClassCastException e) {
      throw new IllegalArgumentException("the VAPID token's " + what + " is not base64url JSON");
    }
  }
}
