package dev.switchboard.dialect.sync;

import io.netty.handler.codec.http.QueryStringDecoder;
import io.vertx.core.MultiMap;

import java.util.List;
import java.util.Map;

/**
 * Who a sync connection says it is, read from the upgrade headers ({@code websocket-accept-sign*}) or, for
 * browsers that cannot set headers, the query parameters {@code sign}, {@code signId}, {@code signName},
 * {@code token} (SPEC §1). A header wins over the query parameter of the same meaning.
 */
record SyncRole(Kind kind, String serviceId, String serviceName, String token) {

  enum Kind { CLIENT, SERVICE }

  static final String SIGN_HEADER = "websocket-accept-sign";
  static final String ID_HEADER = "websocket-accept-sign-id";
  static final String NAME_HEADER = "websocket-accept-sign-name";
  static final String TOKEN_HEADER = "websocket-accept-sign-token";

  /** The role, or {@code null} when the sign is missing or unknown. */
  static SyncRole read(MultiMap headers, String query) {
    Map<String, List<String>> parameters = query == null
      ? Map.of() : new QueryStringDecoder(query, false).parameters();
    String sign = value(headers, SIGN_HEADER, parameters, "sign");
    Kind kind;
    if ("client".equals(sign)) {
      kind = Kind.CLIENT;
    } else if ("service".equals(sign)) {
      kind = Kind.SERVICE;
    } else {
      return null;
    }
    return new SyncRole(kind,
      value(headers, ID_HEADER, parameters, "signId"),
      value(headers, NAME_HEADER, parameters, "signName"),
      value(headers, TOKEN_HEADER, parameters, "token"));
  }

  private static String value(MultiMap headers, String header, Map<String, List<String>> parameters, String parameter) {
    String value = headers.get(header);
    if (value == null || value.isEmpty()) {
      List<String> values = parameters.get(parameter);
      value = values == null || values.isEmpty() ? null : values.get(0);
    }
    return value == null || value.isEmpty() ? null : value.trim();
  }
}
