package dev.switchboard.bus;

/**
 * A connection id {@code <node>.<instance>.<sequence>}: the node and the gateway instance that own the
 * connection are read straight from it, so a delivery needs no lookup (DESIGN "Identity and addresses").
 * Sequences are base 36 and never reused within one node start.
 */
public record ConnectionId(String node, int instance, String sequence) {

  public static String format(String node, int instance, long sequence) {
    return node + '.' + instance + '.' + Long.toString(sequence, 36);
  }

  /** Parses an id; {@code null} when the text is not a connection id. */
  public static ConnectionId parse(String text) {
    if (text == null) {
      return null;
    }
    int last = text.lastIndexOf('.');
    int middle = last > 0 ? text.lastIndexOf('.', last - 1) : -1;
    if (middle <= 0 || last == text.length() - 1) {
      return null;
    }
    String node = text.substring(0, middle);
    if (!NodeIdentity.isValidId(node)) {
      return null;
    }
    try {
      int instance = Integer.parseInt(text, middle + 1, last, 10);
      if (instance < 0) {
        return null;
      }
      return new ConnectionId(node, instance, text.substring(last + 1));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** The event-bus address of the gateway instance that owns this connection. */
  public String address() {
    return Addresses.instance(node, instance);
  }
}
