package dev.switchboard.dialect.push;

import io.netty.handler.codec.http.QueryStringDecoder;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The push dialect's HTTP API on the public port (SPEC §2): {@code GET /push/{name}.send},
 * {@code GET /push/{group}.group} and {@code POST /push} with a JSON or form-encoded packet. The sender is named by
 * its {@code auth} token ({@code anonymous} without one); a MESSAGE is answered with MESSAGE_REPLY under the same
 * rule as over WebSocket. Errors are HTTP 4xx with an INFO packet.
 */
final class PushHttpApi {

  private static final Pattern SHORTCUT = Pattern.compile("^/([^/]+)\\.(send|group)$");
  private static final String ANONYMOUS = "anonymous";

  private final PushEndpoint endpoint;
  private final String path;
  private final String token;
  private final boolean verifyToken;
  private final int maxBodyBytes;

  PushHttpApi(PushEndpoint endpoint, String path, String token, boolean verifyToken, int maxBodyBytes) {
    this.endpoint = endpoint;
    this.path = path;
    this.token = token;
    this.verifyToken = verifyToken;
    this.maxBodyBytes = maxBodyBytes;
  }

  boolean serves(String requestPath) {
    return requestPath.equals(path) || requestPath.equals(path + "/") || requestPath.startsWith(path + "/");
  }

  void handle(HttpServerRequest request) {
    String rest = request.path().substring(path.length());
    Matcher shortcut = SHORTCUT.matcher(rest);
    if (shortcut.matches()) {
      if (request.method() != HttpMethod.GET) {
        error(request.response(), 405, "use GET for " + request.path());
        return;
      }
      String target = QueryStringDecoder.decodeComponent(shortcut.group(1));
      message(request, request.params(), shortcut.group(2).equals("send") ? "personal" : "group", target);
      return;
    }
    if (!rest.isEmpty() && !rest.equals("/")) {
      error(request.response(), 404, "no push endpoint at " + request.path());
      return;
    }
    if (request.method() != HttpMethod.POST) {
      error(request.response(), 405, "use POST " + path + " with a packet, or GET " + path + "/{name}.send");
      return;
    }
    String length = request.getHeader("Content-Length");
    if (length != null && parseLength(length) > maxBodyBytes) {
      tooLarge(request);
      return;
    }
    Buffer body = Buffer.buffer();
    request.handler(chunk -> {
      if (body.length() + chunk.length() > maxBodyBytes) {
        tooLarge(request);
        return;
      }
      body.appendBuffer(chunk);
    });
    request.endHandler(ignored -> {
      if (!request.response().ended()) {
        packet(request, body);
      }
    });
  }

  /**
   * 413 at once; the rest of the body is read and dropped (not stored), so the client, still sending, reads the
   * answer instead of a reset, and the connection closes after it.
   */
  private void tooLarge(HttpServerRequest request) {
    if (request.response().ended()) {
      return;
    }
    request.handler(ignored -> {
    });
    request.response().putHeader("Connection", "close");
    error(request.response(), 413, "the body is larger than " + maxBodyBytes + " bytes");
  }

  /** {@code GET /push/{target}.send|group?text=&desp=&k=v}: other query keys go into {@code extra}. */
  private void message(HttpServerRequest request, MultiMap query, String sendType, String target) {
    JsonObject extra = new JsonObject();
    query.forEach((key, value) -> {
      if (!key.equals("text") && !key.equals("desp") && !key.equals("auth")) {
        extra.put(key, value);
      }
    });
    JsonObject message = new JsonObject().put("text", query.get("text") == null ? "" : query.get("text"))
      .put("desp", query.get("desp") == null ? "" : query.get("desp")).put("extra", extra);
    JsonObject data = new JsonObject().put("sendType", sendType).put("target", target).put("message", message);
    sender(request, query.get("auth")).onComplete(identified -> {
      if (identified.failed()) {
        error(request.response(), 401, identified.cause().getMessage());
        return;
      }
      accept(request.response(), data, identified.result());
    });
  }

  private void packet(HttpServerRequest request, Buffer body) {
    JsonObject packet;
    String contentType = request.getHeader("Content-Type");
    try {
      packet = contentType != null && contentType.startsWith("application/x-www-form-urlencoded")
        ? fromForm(body.toString(StandardCharsets.UTF_8))
        : body.toJsonObject();
    } catch (DecodeException | ClassCastException e) {
      error(request.response(), 400, "invalid packet: the body must be a JSON object {cmd, data} or a form");
      return;
    }
    if (packet == null || !(packet.getValue("cmd") instanceof String cmd)) {
      error(request.response(), 400, "cmd property is required");
      return;
    }
    Object data = packet.getValue("data");
    String auth = packet.getValue("auth") instanceof String text ? text : null;
    if (cmd.equals(PushPackets.AUTH)) {
      endpoint.authenticateOverHttp(data).onComplete(result -> {
        byte[] reply = result.result();
        int code = new JsonObject(Buffer.buffer(reply)).getJsonObject("data").getInteger("code");
        respond(request.response(), code == 200 ? 200 : 403, reply);
      });
      return;
    }
    sender(request, auth).onComplete(identified -> {
      if (identified.failed()) {
        error(request.response(), 401, identified.cause().getMessage());
        return;
      }
      String name = identified.result();
      switch (cmd) {
        case PushPackets.MESSAGE -> accept(request.response(), data, name);
        case PushPackets.MESSAGE_CALLBACK -> callback(request.response(), data, name, PushStatus.OK);
        case PushPackets.MESSAGE_FCM_CALLBACK -> callback(request.response(), data, name, PushStatus.FCM_OK_CONFIRMED);
        default -> error(request.response(), 400, "Unknown cmd: " + cmd);
      }
    });
  }

  private void accept(HttpServerResponse response, Object data, String from) {
    PushMessageRequest message;
    try {
      message = PushMessageRequest.parse(data);
    } catch (IllegalArgumentException e) {
      error(response, 400, e.getMessage());
      return;
    }
    endpoint.acceptFromHttp(message, from, (mid, statuses) -> respond(response, 200,
      PushPackets.messageReply(mid, statuses))).onFailure(failure -> {
        if (!response.ended()) {
          error(response, 503, "message not accepted: " + failure.getMessage());
        }
      });
  }

  private void callback(HttpServerResponse response, Object data, String name, PushStatus status) {
    String mid = data instanceof JsonObject fields && fields.getValue("mid") instanceof String text ? text : null;
    if (mid == null || mid.isEmpty()) {
      error(response, 400, "mid property is required");
      return;
    }
    if (ANONYMOUS.equals(name)) {
      error(response, 401, "an auth token is required to confirm a message");
      return;
    }
    endpoint.acknowledgeFromHttp(name, mid, status).onComplete(removed -> {
      if (removed.succeeded() && removed.result()) {
        respond(response, 200, PushPackets.info("ok"));
      } else {
        error(response, 404, "mid " + mid + " is not pending for " + name);
      }
    });
  }

  /**
   * The sender's name from its {@code auth} token (body field, query or {@code Authorization: Bearer}); anonymous
   * without one. With {@code push.http.verifyToken}, the raw token ({@code Authorization: <token>}) or a valid auth
   * token is required.
   */
  private Future<String> sender(HttpServerRequest request, String authField) {
    String authorization = request.getHeader("Authorization");
    String bearer = authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
      ? authorization.substring(7).trim() : null;
    String auth = authField != null ? authField : bearer;
    if (auth != null) {
      return endpoint.verifyAuthToken(auth).recover(failure -> Future.failedFuture("the auth token is not valid"));
    }
    if (verifyToken) {
      boolean rawTokenMatches = token != null && authorization != null && MessageDigest.isEqual(
        token.getBytes(StandardCharsets.UTF_8), authorization.trim().getBytes(StandardCharsets.UTF_8));
      return rawTokenMatches ? Future.succeededFuture(ANONYMOUS)
        : Future.failedFuture("a token is required: Authorization: <token>, or an auth token");
    }
    return Future.succeededFuture(ANONYMOUS);
  }

  /** A flat form ({@code cmd, sendType, target, text, desp, mid, auth}) as a packet. */
  private static JsonObject fromForm(String body) {
    Map<String, List<String>> form = new QueryStringDecoder(body, StandardCharsets.UTF_8, false).parameters();
    String cmd = first(form, "cmd");
    JsonObject data = new JsonObject();
    if (PushPackets.MESSAGE.equals(cmd)) {
      data.put("sendType", first(form, "sendType")).put("target", first(form, "target"))
        .put("message", new JsonObject().put("text", orEmpty(first(form, "text"))).put("desp", orEmpty(first(form, "desp")))
          .put("extra", new JsonObject()));
    } else if (PushPackets.AUTH.equals(cmd)) {
      data.put("token", first(form, "token")).put("name", first(form, "name")).put("group", first(form, "group"));
    } else {
      data.put("mid", first(form, "mid"));
    }
    JsonObject packet = new JsonObject().put("cmd", cmd).put("data", data);
    if (first(form, "auth") != null) {
      packet.put("auth", first(form, "auth"));
    }
    return packet;
  }

  private static String first(Map<String, List<String>> form, String key) {
    List<String> values = form.get(key);
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  private static String orEmpty(String value) {
    return value == null ? "" : value;
  }

  private static long parseLength(String header) {
    try {
      return Long.parseLong(header.trim());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static void error(HttpServerResponse response, int status, String message) {
    respond(response, status, PushPackets.info(message));
  }

  private static void respond(HttpServerResponse response, int status, byte[] packet) {
    if (response.ended()) {
      return;
    }
    response.setStatusCode(status).putHeader("Content-Type", "application/json").end(Buffer.buffer(packet));
  }
}
