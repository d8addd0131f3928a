package dev.switchboard.dialect.push;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

import java.util.Arrays;

/**
 * One inbound push packet {@code {cmd,data}}, parsed once by {@link PushFrameParser}: {@code cmd}, the fields of
 * {@code data} the hot commands need (MESSAGE's {@code sendType}/{@code target}, a callback's {@code mid}) and the
 * {@code message} object as a range of the original bytes, so it reaches the recipient exactly as the sender
 * wrote it and is never built into a tree. Other commands (AUTH, REGISTER_FCM) decode {@code data} on demand.
 */
final class PushFrame {

  /** What {@code data} holds. */
  enum DataKind { ABSENT, NULL, OBJECT, OTHER }

  final byte[] source;
  String cmd;
  DataKind dataKind = DataKind.ABSENT;
  /** The bytes of {@code data} when it is an object, else -1. */
  int dataFrom = -1;
  int dataTo = -1;
  /** {@code data.sendType}, {@code data.target} and {@code data.mid} when they are strings, else {@code null}. */
  String sendType;
  String target;
  String mid;
  /** {@code data.message} when it is an object, else -1; {@code messageNotObject} when it is something else. */
  int messageFrom = -1;
  int messageTo = -1;
  boolean messageNotObject;

  PushFrame(byte[] source) {
    this.source = source;
  }

  /** Forgets what an earlier {@code data} said: a repeated "data" key replaces it. */
  void forgetData() {
    sendType = null;
    target = null;
    mid = null;
    messageFrom = -1;
    messageTo = -1;
    messageNotObject = false;
    dataFrom = -1;
    dataTo = -1;
  }

  /** {@code data} as a {@code JsonObject}, or {@code null} when it is not an object. */
  JsonObject dataObject() {
    return dataKind == DataKind.OBJECT ? new JsonObject(Buffer.buffer(Arrays.copyOfRange(source, dataFrom, dataTo))) : null;
  }

  /** The raw JSON of {@code data.message} (an object), or {@code null} when absent or null. */
  byte[] messageJson() {
    return messageFrom < 0 ? null : Arrays.copyOfRange(source, messageFrom, messageTo);
  }
}
