package dev.switchboard.bench;

import java.util.List;

/**
 * Memory of one server holding N idle connections: RSS before and after (settled, and again after the
 * full GC of the class histogram) and the live-heap growth by class.
 */
record IdleResult(String target, String java, int connections, double connectSeconds, long rssBeforeKib,
                  long rssAfterKib, long rssBeforeGcKib, long rssAfterGcKib, long heapGrowthBytes,
                  List<ClassHistogram.Entry> heapGrowth) {

  double rssPerConnectionKib() {
    return (rssAfterKib - rssBeforeKib) / (double) connections;
  }

  double rssPerConnectionAfterGcKib() {
    return (rssAfterGcKib - rssBeforeGcKib) / (double) connections;
  }

  double heapPerConnectionKib() {
    return heapGrowthBytes / 1024.0 / connections;
  }

  String summary() {
    return String.format("idle / %s on %s: %d connections in %.1f s, RSS %d -> %d KiB = %.2f KiB per connection "
        + "(after full GC %d -> %d KiB = %.2f KiB), live heap %.2f KiB per connection",
      target, java, connections, connectSeconds, rssBeforeKib, rssAfterKib, rssPerConnectionKib(), rssBeforeGcKib,
      rssAfterGcKib, rssPerConnectionAfterGcKib(), heapPerConnectionKib());
  }
}
