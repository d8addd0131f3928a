package dev.switchboard.bus;

import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** The envelope crosses the wire intact, and stays the same object inside one node. */
class EnvelopeCodecTest {

  private final EnvelopeCodec codec = new EnvelopeCodec();

  @Test
  void roundTripsEveryField() {
    Envelope envelope = new Envelope("n1.0.a/1", Envelope.Kind.RESPONSE, "sync", "n2.1.b",
      Envelope.Target.connection("n1.0.a"), "métho\u4e2d", Buffer.buffer("{\"x\":[1,2]}"),
      Map.of("service", "svc", "errorCode", "E"), 1_700_000_000_123L, 3);
    Buffer wire = Buffer.buffer().appendString("prefix");
    codec.encodeToWire(wire, envelope);
    Envelope decoded = codec.decodeFromWire(6, wire);
    assertEquals(envelope.id(), decoded.id());
    assertEquals(envelope.kind(), decoded.kind());
    assertEquals(envelope.dialect(), decoded.dialect());
    assertEquals(envelope.source(), decoded.source());
    assertEquals(envelope.target(), decoded.target());
    assertEquals(envelope.name(), decoded.name());
    assertEquals(envelope.payload(), decoded.payload());
    assertEquals(envelope.attributes(), decoded.attributes());
    assertEquals(envelope.createdAt(), decoded.createdAt());
    assertEquals(envelope.attempt(), decoded.attempt());
  }

  @Test
  void roundTripsNullsAndEmptyAttributes() {
    Envelope envelope = new Envelope(null, Envelope.Kind.NOTICE, "sync", null, Envelope.Target.all(), null, null,
      null, 0, 1);
    Buffer wire = Buffer.buffer();
    codec.encodeToWire(wire, envelope);
    Envelope decoded = codec.decodeFromWire(0, wire);
    assertNull(decoded.id());
    assertNull(decoded.payload());
    assertNull(decoded.target().key());
    assertEquals(Envelope.TargetKind.ALL, decoded.target().kind());
    assertTrue(decoded.attributes().isEmpty());
  }

  @Test
  void isPassedAsIsInsideANode() {
    Envelope envelope = new Envelope("i", Envelope.Kind.EVENT, "tapr", null, Envelope.Target.all(), null, null, null, 0, 1);
    assertSame(envelope, codec.transform(envelope));
  }
}
