package dev.switchboard.bench;

/**
 * A log-linear latency histogram in nanoseconds (the HdrHistogram layout, simplified): 128 exact buckets,
 * then 64 buckets per power of two, so every recorded value is known to within 1.6 %. Not thread-safe: each
 * load worker records into its own and the benchmark merges them after the run.
 */
final class LatencyHistogram {

  private static final int LINEAR = 128;
  private static final int PER_OCTAVE = 64;
  private static final int BUCKETS = LINEAR + 57 * PER_OCTAVE;

  private final long[] counts = new long[BUCKETS];
  private long total;
  private long max;
  private double sum;

  void record(long nanos) {
    long value = Math.max(0, nanos);
    counts[indexOf(value)]++;
    total++;
    sum += value;
    if (value > max) {
      max = value;
    }
  }

  void add(LatencyHistogram other) {
    for (int i = 0; i < BUCKETS; i++) {
      counts[i] += other.counts[i];
    }
    total += other.total;
    sum += other.sum;
    max = Math.max(max, other.max);
  }

  long count() {
    return total;
  }

  long maxNanos() {
    return max;
  }

  double meanNanos() {
    return total == 0 ? 0 : sum / total;
  }

  /** The value below which {@code percentile} % of the recorded values fall (bucket midpoint). */
  long percentileNanos(double percentile) {
    if (total == 0) {
      return 0;
    }
    long rank = (long) Math.ceil(percentile / 100.0 * total);
    long seen = 0;
    for (int i = 0; i < BUCKETS; i++) {
      seen += counts[i];
      if (seen >= Math.max(1, rank)) {
        return Math.min(max, (lowerBound(i) + lowerBound(i + 1)) / 2);
      }
    }
    return max;
  }

  static int indexOf(long value) {
    if (value < LINEAR) {
      return (int) value;
    }
    int highestBit = 63 - Long.numberOfLeadingZeros(value);
    int shift = highestBit - 6;
    int top = (int) (value >>> shift);
    return LINEAR + (shift - 1) * PER_OCTAVE + (top - PER_OCTAVE);
  }

  static long lowerBound(int index) {
    if (index < LINEAR) {
      return index;
    }
    int shift = (index - LINEAR) / PER_OCTAVE + 1;
    long top = PER_OCTAVE + (index - LINEAR) % PER_OCTAVE;
    return top << shift;
  }
}
