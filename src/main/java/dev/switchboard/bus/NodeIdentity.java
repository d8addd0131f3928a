package dev.switchboard.bus;

import java.security.SecureRandom;
import java.util.regex.Pattern;

/**
 * Who this node is: a short id, unique per process start, that connection ids embed so any node
 * can route to a connection without a lookup. {@code memberId} is the cluster manager's id for the
 * same node ("local" when not clustered); membership events speak in member ids.
 */
public record NodeIdentity(String id, String memberId, long startedAt) {

  private static final Pattern VALID_ID = Pattern.compile("[A-Za-z0-9_-]{1,32}");
  private static final char[] ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789".toCharArray();
  private static final SecureRandom RANDOM = new SecureRandom();

  public NodeIdentity {
    if (!VALID_ID.matcher(id).matches()) {
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

  public static boolean isValidId(String id) {
    return id != null && VALID_ID.matcher(id).matches();
  }
}
