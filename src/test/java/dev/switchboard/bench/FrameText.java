package dev.switchboard.bench;

import java.nio.charset.StandardCharsets;

/**
 * The sync-dialect frames the load generator writes and the few fields it reads back, by string search
 * instead of a JSON parser so the generator stays cheap. Request ids carry the client index and a sequence
 * ({@code "id":"c12-345"}): the bare relay routes on the index, the client finds its send time by the sequence.
 * Works on both the broker's frames and the relay's verbatim ones.
 */
final class FrameText {

  static final String CLIENT_ID_PREFIX_TEXT = "{\"id\":\"c";
  static final byte[] CLIENT_ID_PREFIX = CLIENT_ID_PREFIX_TEXT.getBytes(StandardCharsets.UTF_8);
  private static final String CONNECT_PREFIX = "{\"type\":\"system\",\"method\":\"connect\"";
  private static final String DATA_KEY = "\"data\":";
  private static final String CLIENT_KEY = ",\"client\":";
  private static final String NOTICE_TYPE = "\"type\":\"notice\"";
  private static final String SCHEDULED_KEY = "\"t\":";

  private FrameText() {
  }

  /** A JSON object of about {@code bytes} bytes to send as request data. */
  static String payload(int bytes) {
    return "{\"pad\":\"" + "x".repeat(Math.max(0, bytes - 10)) + "\"}";
  }

  static String request(int client, long sequence, String dataJson) {
    return new StringBuilder(64 + dataJson.length()).append(CLIENT_ID_PREFIX_TEXT).append(client).append('-')
      .append(sequence).append("\",\"type\":\"request\",\"method\":\"echo\",\"data\":").append(dataJson).append('}')
      .toString();
  }

  /** The sequence of a response to client {@code client}, or -1 when the frame is not one. */
  static long responseSequence(String frame, int client) {
    if (!frame.startsWith(CLIENT_ID_PREFIX_TEXT)) {
      return -1;
    }
    int i = CLIENT_ID_PREFIX_TEXT.length();
    int index = 0;
    for (; i < frame.length() && Character.isDigit(frame.charAt(i)); i++) {
      index = index * 10 + (frame.charAt(i) - '0');
    }
    if (index != client || i >= frame.length() || frame.charAt(i) != '-') {
      return -1;
    }
    long sequence = 0;
    int start = ++i;
    for (; i < frame.length() && Character.isDigit(frame.charAt(i)); i++) {
      sequence = sequence * 10 + (frame.charAt(i) - '0');
    }
    return i > start ? sequence : -1;
  }

  static boolean hasErrorCode(String frame) {
    return frame.contains("\"errorCode\"");
  }

  static boolean isConnectResult(String frame) {
    return frame.startsWith(CONNECT_PREFIX);
  }

  static boolean isConnected(String frame) {
    return isConnectResult(frame) && frame.contains("\"data\":\"connected\"");
  }

  /** The service's answer to a request frame (broker-issued or relayed id), echoing its data. */
  static String echoResponse(String request) {
    int idEnd = request.indexOf('"', 7);
    int dataStart = request.indexOf(DATA_KEY, idEnd) + DATA_KEY.length();
    int clientField = request.lastIndexOf(CLIENT_KEY);
    int dataEnd = clientField > dataStart ? clientField : request.length() - 1;
    return new StringBuilder(request.length() + 16).append(request, 0, idEnd)
      .append("\",\"type\":\"response\",\"method\":\"echo\",\"data\":").append(request, dataStart, dataEnd).append('}')
      .toString();
  }

  static boolean isRequest(String frame) {
    return frame.startsWith("{\"id\":\"") && frame.contains("\"type\":\"request\"");
  }

  static String notice(long sequence, long scheduledNanos, String pad) {
    return "{\"type\":\"notice\",\"method\":\"tick\",\"data\":{\"seq\":" + sequence + ",\"t\":" + scheduledNanos
      + ",\"pad\":\"" + pad + "\"}}";
  }

  static boolean isNotice(String frame) {
    return frame.contains(NOTICE_TYPE);
  }

  /** The scheduled send time a notice carries ({@code System.nanoTime()} of this JVM). */
  static long noticeScheduledNanos(String frame) {
    int start = frame.indexOf(SCHEDULED_KEY) + SCHEDULED_KEY.length();
    int end = frame.indexOf(',', start);
    return Long.parseLong(frame, start, end, 10);
  }
}
