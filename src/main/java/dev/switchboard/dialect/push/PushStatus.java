package dev.switchboard.dialect.push;

/** The delivery status of a message for one recipient, as MESSAGE_REPLY reports it (SPEC §2). */
enum PushStatus {
  /** Queued: the name is known but the message was not sent yet. */
  READY("ready"),
  /** Sent over WebSocket, waiting for MESSAGE_CALLBACK. */
  WAIT("wait"),
  /** Acknowledged by the recipient. */
  OK("ok"),
  /** Being sent by Web Push. */
  FCM_WAIT("fcm-wait"),
  /** The push service accepted the Web Push copy. */
  FCM_OK("fcm-ok"),
  /** The client confirmed the Web Push copy (spelling kept for existing clients). */
  FCM_OK_CONFIRMED("fcm-ok-comfirm"),
  /** The target name is unknown. */
  NO("no");

  private final String wire;

  PushStatus(String wire) {
    this.wire = wire;
  }

  String wire() {
    return wire;
  }

  static PushStatus fromWire(String wire) {
    for (PushStatus status : values()) {
      if (status.wire.equals(wire)) {
        return status;
      }
    }
    throw new IllegalArgumentException("unknown push status " + wire);
  }

  /** Whether nothing will change any more: MESSAGE_REPLY can be sent once every target is final. */
  boolean isFinal() {
    return this == OK || this == FCM_OK_CONFIRMED || this == NO;
  }
}
