package dev.switchboard.dialect.socketio;

import java.util.List;
import java.util.Set;

/**
 * The namespaces clients may join ({@code socketio.namespaces}): exact names, or patterns written as
 * {@code /prefix*} (any namespace starting with the prefix).
 */
final class SocketIoNamespaces {

  private final Set<String> exact;
  private final List<String> prefixes;

  SocketIoNamespaces(List<String> configured) {
    this.exact = Set.copyOf(configured.stream().filter(name -> !name.endsWith("*")).toList());
    this.prefixes = configured.stream().filter(name -> name.endsWith("*"))
      .map(name -> name.substring(0, name.length() - 1)).toList();
  }

  boolean contains(String namespace) {
    return exact.contains(namespace) || prefixes.stream().anyMatch(namespace::startsWith);
  }

}
