package dev.switchboard.dialect.push;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** The delivery window's bookkeeping: sends in order within the window, reports each send once, re-reads in order. */
class PushDeliveryWindowTest {

  private final List<String> sent = new ArrayList<>();
  private final PushDeliveryWindow window = new PushDeliveryWindow(entry -> sent.add(entry.mid()),
    new PushDeliveryWindow.Events() {
      @Override
      public void expired(PushEntry entry) {
      }

      @Override
      public void overdue(PushEntry entry) {
      }
    });

  private static PushEntry entry(String mid) {
    return new PushEntry(mid, "bob", new byte[0], 0, Long.MAX_VALUE, null);
  }

  @Test
  void eachSentMessageIsReportedOnceAndAcknowledgedOnesNever() {
    List.of("a", "b", "c").forEach(mid -> window.enqueue(entry(mid)));
    window.pump(2, 1);
    window.acknowledge("a");
    List<String> reported = new ArrayList<>();
    window.reportSent(entry -> reported.add(entry.mid()));
    assertEquals(List.of("b"), reported);
    window.pump(2, 1);
    window.reportSent(entry -> reported.add(entry.mid()));
    window.reportSent(entry -> reported.add(entry.mid()));
    assertEquals(List.of("b", "c"), reported);
  }

  @Test
  void aMailboxReReadQueuesWhatWasMissedInMailboxOrder() {
    window.enqueue(entry("a"));
    window.pump(1, 1);
    window.enqueue(entry("d"));
    // The re-read finds b and c, which never reached the window, before d; a is in flight.
    window.requeue(List.of(entry("a"), entry("b"), entry("c"), entry("d")));
    window.acknowledge("a");
    for (int i = 0; i < 4; i++) {
      window.pump(1, 1);
      if (sent.size() > 1) {
        window.acknowledge(sent.get(sent.size() - 1));
      }
    }
    assertEquals(List.of("a", "b", "c", "d"), sent);
  }
}
