package dev.switchboard.dialect.tapr;

import io.netty.handler.codec.http.cookie.Cookie;
import io.netty.handler.codec.http.cookie.ServerCookieDecoder;
import io.vertx.core.MultiMap;

import java.util.List;

/**
 * Who a tapr client is, as its upgrade request says (SPEC §4): the user from the user header (set by the
 * platform's authenticating proxy, trusted as such), the {@code auth_token} cookie as its token, the whole
 * {@code Cookie} header (passed on to the app with every webhook) and the {@code User-Agent}.
 *
 * @param user      the user header's value, {@code ""} when absent
 * @param token     the {@code auth_token} cookie, or {@code null}
 * @param cookie    the {@code Cookie} header (several joined with "; "), or {@code null}
 * @param userAgent the {@code User-Agent} header, {@code ""} when absent
 */
record TaprClientIdentity(String user, String token, String cookie, String userAgent) {

  static final String TOKEN_COOKIE = "auth_token";

  static TaprClientIdentity read(MultiMap headers, String userHeader) {
    String cookie = cookieHeader(headers);
    String userAgent = headers.get("User-Agent");
    return new TaprClientIdentity(user(headers, userHeader), token(cookie), cookie, userAgent == null ? "" : userAgent);
  }

  /** The user header's value, {@code ""} when the header is absent. */
  static String user(MultiMap headers, String userHeader) {
    String user = headers.get(userHeader);
    return user == null ? "" : user;
  }

  private static String cookieHeader(MultiMap headers) {
    List<String> all = headers.getAll("Cookie");
    if (all.isEmpty()) {
      return null;
    }
    return all.size() == 1 ? all.get(0) : String.join("; ", all);
  }

  private static String token(String cookieHeader) {
    if (cookieHeader == null) {
      return null;
    }
    // LAX: browsers send what they were given; a strict decoder would drop cookies it finds unusual.
    for (Cookie cookie : ServerCookieDecoder.LAX.decode(cookieHeader)) {
      if (TOKEN_COOKIE.equals(cookie.name())) {
        return cookie.value();
      }
    }
    return null;
  }
}
