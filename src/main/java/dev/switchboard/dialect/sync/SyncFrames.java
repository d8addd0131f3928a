package dev.switchboard.dialect.sync;

import dev.switchboard.codec.JsonBytesWriter;

import java.nio.charset.StandardCharsets;

/**
 * Builds every frame the broker sends on the sync dialect, as UTF-8 bytes. {@code id} and {@code data}
 * arguments are raw JSON, spliced in as the peer wrote them.
 */
final class SyncFrames {

  static final String SYSTEM = "system";
  static final String CONNECT = "connect";
  static final String LINK_COUNT = "communicationLinkCount";
  static final String SERVICE_LIST = "serviceList";
  static final String UNKNOWN_METHOD = "unknown";

  private static final byte[] CONNECTED =
    "{\"type\":\"system\",\"method\":\"connect\",\"data\":\"connected\"}".getBytes(StandardCharsets.UTF_8);

  private SyncFrames() {
  }

  static byte[] connected() {
    return CONNECTED;
  }

  static byte[] connectRefused(SyncErrorCode code, String message) {
    return JsonBytesWriter.object(96)
      .stringField("type", SYSTEM).stringField("method", CONNECT)
      .stringField("errorCode", code.name()).stringField("message", message)
      .finish();
  }

  /** A validation or system error; {@code idJson} may be {@code null}. */
  static byte[] systemError(byte[] idJson, String method, SyncErrorCode code, String message) {
    JsonBytesWriter writer = JsonBytesWriter.object(128);
    if (idJson != null) {
      writer.rawField("id", idJson);
    }
    return writer.stringField("type", SYSTEM).stringField("method", method == null ? UNKNOWN_METHOD : method)
      .stringField("errorCode", code.name()).stringField("message", message)
      .finish();
  }

  /** The answer to a system method. */
  static byte[] systemResult(byte[] idJson, String method, byte[] dataJson) {
    return JsonBytesWriter.object(64 + dataJson.length)
      .rawField("id", idJson).stringField("type", SYSTEM).stringField("method", method).rawField("data", dataJson)
      .finish();
  }

  static byte[] linkCount(long count) {
    return JsonBytesWriter.object(64)
      .stringField("type", SYSTEM).stringField("method", LINK_COUNT).numberField("data", count)
      .finish();
  }

  /** A client's request as the service receives it: broker-issued id and the client's connection id. */
  static byte[] requestToService(String brokerId, String method, byte[] dataJson, String clientConnection) {
    JsonBytesWriter writer = JsonBytesWriter.object(96 + (dataJson == null ? 0 : dataJson.length))
      .stringField("id", brokerId).stringField("type", "request").stringField("method", method);
    if (dataJson != null) {
      writer.rawField("data", dataJson);
    }
    return writer.stringField("client", clientConnection).finish();
  }

  /** A response as the client receives it, under the client's own id. */
  static byte[] responseToClient(byte[] clientIdJson, String service, String method, byte[] dataJson,
                                 String errorCode, String message) {
    JsonBytesWriter writer = JsonBytesWriter.object(96 + (dataJson == null ? 0 : dataJson.length))
      .rawField("id", clientIdJson);
    if (service != null) {
      writer.stringField("service", service);
    }
    writer.stringField("type", "response").stringField("method", method);
    return withResult(writer, dataJson, errorCode, message);
  }

  static byte[] notice(String service, String method, byte[] dataJson, String errorCode, String message) {
    JsonBytesWriter writer = JsonBytesWriter.object(96 + (dataJson == null ? 0 : dataJson.length))
      .stringField("service", service).stringField("type", "notice").stringField("method", method);
    return withResult(writer, dataJson, errorCode, message);
  }

  private static byte[] withResult(JsonBytesWriter writer, byte[] dataJson, String errorCode, String message) {
    if (errorCode != null) {
      writer.stringField("errorCode", errorCode).stringField("message", message);
    } else {
      writer.rawField("data", dataJson);
    }
    return writer.finish();
  }
}
