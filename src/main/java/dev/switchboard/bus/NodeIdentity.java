package dev.switchboard.bus;

import java.security.SecureRandom;

/**
 * Who this node is: a short id, unique per process start, that connection ids embed so any node
 * can route to a connection without a lookup. {@code memberId} is the cluster manager's id for the
 * same node ("local" when not clustered); membership events speak in member ids.
 */
public record NodeIdentity(String id, String memberId, long startedAt) {

  private static final char[] ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789".toCharArray();
  private static final SecureRandom RANDOM = new SecureRandom();

  public NodeIdentity {
    if (!isValidId(id)) {
      throw new IllegalArgumentException("node id must be 1-32 of A-Z a-z 0-9 _ -, got \"" + id + "\"");
    }
  }

  /** The configured id, or a fresh random one when none is configured. */
  public static String chooseId(String configured) {
    if (configured != null) {
      return configured;
    }
    char[] id = new char[6];
    for (int i = 0; i < id.length; i++) {
      id[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
    }
    return new String(id);
  }

  /** Checked for every routed message (connection ids are parsed on each delivery): no regex here. */
  public static boolean isValidId(String id) {
    if (id == null || id.isEmpty() || id.length() > 32) {
      return false;
    }
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      boolean allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
      if (!allowed) {
        return false;
      }
    }
    return true;
  }
}
