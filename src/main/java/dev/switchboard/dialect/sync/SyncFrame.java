package dev.switchboard.dialect.sync;

import java.util.Arrays;

/**
 * One inbound sync frame, parsed once: the string fields, and the {@code id} and {@code data} values kept as
 * ranges of the original bytes so they are forwarded exactly as the peer wrote them. A field whose value is
 * {@code null} is absent (SPEC §1). Built by {@link SyncFrameParser}.
 */
public final class SyncFrame {

  final byte[] source;
  int idFrom = -1;
  int idTo = -1;
  int dataFrom = -1;
  int dataTo = -1;
  String type;
  boolean typeNotString;
  String method;
  String service;
  String errorCode;
  String message;
  /** Why the frame is INVALID_MESSAGE despite being a JSON object, or {@code null}. */
  String problem;

  SyncFrame(byte[] source) {
    this.source = source;
  }

  public boolean hasId() {
    return idFrom >= 0;
  }

  /** The raw JSON of {@code id}, or {@code null}. */
  public byte[] idJson() {
    return hasId() ? Arrays.copyOfRange(source, idFrom, idTo) : null;
  }

  /** The {@code id} as text (a string's content, a number's digits), or {@code null}. */
  public String idText() {
    if (!hasId()) {
      return null;
    }
    if (source[idFrom] == '"') {
      return SyncFrameParser.decodeString(source, idFrom, idTo);
    }
    return new String(source, idFrom, idTo - idFrom, java.nio.charset.StandardCharsets.UTF_8);
  }

  public boolean hasData() {
    return dataFrom >= 0;
  }

  /** The raw JSON of {@code data}, or {@code null}. */
  public byte[] dataJson() {
    return hasData() ? Arrays.copyOfRange(source, dataFrom, dataTo) : null;
  }

  public String type() {
    return type;
  }

  public String method() {
    return method;
  }

  public String service() {
    return service;
  }

  public String errorCode() {
    return errorCode;
  }

  public String message() {
    return message;
  }
}
