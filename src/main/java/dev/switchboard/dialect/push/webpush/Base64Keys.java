package dev.switchboard.dialect.push.webpush;

import java.util.Base64;

/**
 * The base64 forms of Web Push keys: we always write base64url without padding (what browsers'
 * {@code PushSubscription.toJSON()} and the {@code web-push} npm package write), and read that with or without
 * padding, or standard base64, because browsers, libraries and hand-pasted config all vary.
 */
final class Base64Keys {

  private Base64Keys() {
  }

  static String encode(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** Decodes base64url or base64, padded or not; {@link IllegalArgumentException} when it is neither. */
  static byte[] decode(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("missing");
    }
    String trimmed = text.strip();
    int end = trimmed.length();
    while (end > 0 && trimmed.charAt(end - 1) == '=') {
      end--;
    }
    String unpadded = trimmed.substring(0, end).replace('+', '-').replace('/', '_');
    try {
      return Base64.getUrlDecoder().decode(unpadded);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not base64url (" + e.getMessage() + ")");
    }
  }
}
