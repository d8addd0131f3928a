package dev.switchboard.bus;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** Connection ids name their node and gateway instance, so routing needs no lookup. */
class ConnectionIdTest {

  @Test
  void formatsAndParses() {
    String id = ConnectionId.format("node-1", 3, 36 * 36);
    assertEquals("node-1.3.100", id);
    ConnectionId parsed = ConnectionId.parse(id);
    assertEquals("node-1", parsed.node());
    assertEquals(3, parsed.instance());
    assertEquals("sb.node.node-1.3", parsed.address());
  }

  @Test
  void refusesWhatIsNotAConnectionId() {
    for (String text : new String[]{null, "", "abc", "a.b", "a.x.1", ".1.2", "a.1.", "bad node.1.2", "a.-1.2"}) {
      assertNull(ConnectionId.parse(text), text);
    }
  }

  @Test
  void generatedNodeIdsAreValidAndDistinct() {
    String a = NodeIdentity.chooseId(null);
    String b = NodeIdentity.chooseId(null);
    assertTrue(NodeIdentity.isValidId(a));
    assertNotEquals(a, b);
    assertEquals("fixed", NodeIdentity.chooseId("fixed"));
    assertThrows(IllegalArgumentException.class, () -> new NodeIdentity("has.dot", "m", 0));
  }
}
