package dev.switchboard.bench;

import io.vertx.core.http.WebSocket;

/**
 * One load-generating client connection, confined to its worker's event loop. It remembers when each
 * outstanding request was scheduled (a ring indexed by sequence), so latency is measured from the
 * scheduled send time, not from when the socket accepted the bytes.
 */
final class BenchClient {

  private static final int RING = 4096;

  final int index;
  private final LoadWorker worker;
  private WebSocket socket;
  private long[] scheduledAt;
  private long nextSequence;
  private int outstanding;
  private boolean connected;

  BenchClient(int index, LoadWorker worker) {
    this.index = index;
    this.worker = worker;
  }

  void attach(WebSocket socket) {
    this.socket = socket;
    socket.textMessageHandler(this::onText);
    socket.exceptionHandler(worker::clientFailed);
    socket.closeHandler(ignored -> worker.clientClosed(this));
  }

  boolean isConnected() {
    return connected;
  }

  int outstanding() {
    return outstanding;
  }

  /** Sends one request scheduled at {@code scheduledNanos}; false when too many are outstanding already. */
  boolean send(long scheduledNanos, String payload) {
    if (outstanding >= RING || socket == null || socket.isClosed()) {
      return false;
    }
    if (scheduledAt == null) {
      scheduledAt = new long[RING];
    }
    long sequence = nextSequence++;
    scheduledAt[(int) (sequence & (RING - 1))] = scheduledNanos;
    outstanding++;
    socket.writeTextMessage(FrameText.request(index, sequence, payload));
    return true;
  }

  void close() {
    if (socket != null && !socket.isClosed()) {
      socket.close();
    }
  }

  private void onText(String frame) {
    long now = System.nanoTime();
    long sequence = FrameText.responseSequence(frame, index);
    if (sequence >= 0) {
      if (outstanding == 0 || scheduledAt == null) {
        worker.unexpectedFrame(frame);
        return;
      }
      outstanding--;
      worker.onResponse(this, scheduledAt[(int) (sequence & (RING - 1))], now,
        FrameText.hasErrorCode(frame) ? frame : null);
    } else if (FrameText.isNotice(frame)) {
      worker.onNotice(FrameText.noticeScheduledNanos(frame), now);
    } else if (FrameText.isConnectResult(frame)) {
      if (FrameText.isConnected(frame) && !connected) {
        connected = true;
        worker.clientConnected(this);
      } else if (!connected) {
        worker.clientRefused(this, frame);
      }
    } else if (!frame.startsWith("{\"type\":\"system\"")) {
      // communicationLinkCount pushes are expected and ignored; anything else is worth counting.
      worker.unexpectedFrame(frame);
    }
  }
}
