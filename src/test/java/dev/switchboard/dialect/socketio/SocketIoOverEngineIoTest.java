package dev.switchboard.dialect.socketio;

import dev.switchboard.dialect.socketio.engineio.EngineIoCodec;
import dev.switchboard.dialect.socketio.engineio.EngineIoCodec.PollingBody;
import dev.switchboard.dialect.socketio.engineio.EngineIoCodec.WebSocketFrame;
import dev.switchboard.dialect.socketio.engineio.EngineIoPacket;
import dev.switchboard.dialect.socketio.engineio.EngineIoVersion;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Both layers together, byte for byte, as the networking layer will stack them: what a v2 client (EIO=3) and a v4
 * client (EIO=4) put on the wire for the same exchange, and what the server answers.
 */
class SocketIoOverEngineIoTest {

  private static final String P0 = "{\"_placeholder\":true,\"num\":0}";

  /** Decodes MESSAGEs of a payload through an assembler, as a session would. */
  private static List<SocketIoPacketWithAttachments> receive(List<EngineIoPacket> packets,
                                                             SocketIoPacketAssembler assembler) {
    List<SocketIoPacketWithAttachments> complete = new ArrayList<>();
    for (EngineIoPacket packet : packets) {
      SocketIoPacketWithAttachments done = assembler.accept(packet);
      if (done != null) {
        complete.add(done);
      }
    }
    return complete;
  }

  @Test
  void aV2ClientSendsABinaryEventInAnXhr2Post() {
    // engine.io-client 3.x with XHR2: one binary body holding the event's text and its attachment.
    byte[] text = "451-[\"upload\",{\"_placeholder\":true,\"num\":0}]".getBytes(StandardCharsets.UTF_8);
    byte[] body = new byte[3 + text.length + 4 + 4];
    int i = 0;
    body[i++] = 0;
    body[i++] = (byte) (text.length / 10);
    body[i++] = (byte) (text.length % 10);
    body[i++] = (byte) 0xff;
    System.arraycopy(text, 0, body, i, text.length);
    i += text.length;
    body[i++] = 1;
    body[i++] = 4;
    body[i++] = (byte) 0xff;
    body[i++] = 4;
    System.arraycopy(new byte[] {1, 2, 3}, 0, body, i, 3);
    body = Arrays.copyOf(body, i + 3);

    List<EngineIoPacket> packets = EngineIoCodec.decodePollingPayload(body, true, EngineIoVersion.V3);
    List<SocketIoPacketWithAttachments> received = receive(packets,
      new SocketIoPacketAssembler(SocketIoProtocol.V4, 1_000_000));
    assertEquals(1, received.size());
    assertEquals(new SocketIoEvent("upload", "[{\"$binary\":\"AQID\"}]"), received.get(0).toEvent());
  }

  @Test
  void theServerAnswersAV2ClientInATextPayloadWhenItAskedForBase64() {
    SocketIoPacketWithAttachments connected = SocketIoPacketWithAttachments.of(
      SocketIoPacket.connectReply("/web", "ignored", null, SocketIoProtocol.V4));
    SocketIoPacketWithAttachments file = SocketIoPacketWithAttachments.event("/web",
      new SocketIoEvent("file", "[{\"$binary\":\"AQID\"}]"), null);
    List<EngineIoPacket> batch = new ArrayList<>(connected.toEngineIoPackets());
    batch.addAll(file.toEngineIoPackets());

    PollingBody body = EngineIoCodec.encodePollingPayload(batch, EngineIoVersion.V3, false);
    assertEquals("7:40/web,47:451-/web,[\"file\"," + P0 + "]6:b4AQID",
      new String(body.bytes(), StandardCharsets.UTF_8));
  }

  @Test
  void theServerAnswersAV2ClientWithABinaryPayloadWhenItTakesBinary() {
    SocketIoPacketWithAttachments file = SocketIoPacketWithAttachments.event("/",
      new SocketIoEvent("f", "[{\"$binary\":\"AQID\"}]"), null);
    PollingBody body = EngineIoCodec.encodePollingPayload(file.toEngineIoPackets(), EngineIoVersion.V3, true);
    assertTrue(body.binary());
    // and a v2 client reading it gets the same packets back
    List<SocketIoPacketWithAttachments> back = receive(EngineIoCodec.decodeBinaryPayloadV3(body.bytes()),
      new SocketIoPacketAssembler(SocketIoProtocol.V4, 100));
    assertEquals(new SocketIoEvent("f", "[{\"$binary\":\"AQID\"}]"), back.get(0).toEvent());
  }

  @Test
  void overWebSocketsTheAttachmentFollowsInItsOwnFrame() {
    SocketIoPacketWithAttachments file = SocketIoPacketWithAttachments.event("/",
      new SocketIoEvent("f", "[{\"$binary\":\"AQID\"}]"), 3L);
    List<EngineIoPacket> messages = file.toEngineIoPackets();

    WebSocketFrame v4Text = EngineIoCodec.encodeWebSocketFrame(messages.get(0), EngineIoVersion.V4, true);
    WebSocketFrame v4Binary = EngineIoCodec.encodeWebSocketFrame(messages.get(1), EngineIoVersion.V4, true);
    assertEquals("451-3[\"f\"," + P0 + "]", v4Text.text());
    assertArrayEquals(new byte[] {1, 2, 3}, v4Binary.binary());

    WebSocketFrame v3Binary = EngineIoCodec.encodeWebSocketFrame(messages.get(1), EngineIoVersion.V3, true);
    assertArrayEquals(new byte[] {4, 1, 2, 3}, v3Binary.binary());
  }

  @Test
  void aV4ClientsFirstPollingExchange() {
    // README "Sample session", requests 2 to 5, seen from the server.
    List<EngineIoPacket> in = EngineIoCodec.decodePollingPayload("40".getBytes(StandardCharsets.UTF_8), false,
      EngineIoVersion.V4);
    SocketIoPacket connect = receive(in, new SocketIoPacketAssembler(SocketIoProtocol.V5, 100)).get(0).packet();
    assertEquals(SocketIoPacket.connect("/", null), connect);

    List<EngineIoPacket> out = new ArrayList<>(SocketIoPacketWithAttachments.of(
      SocketIoPacket.connectReply("/", "wZX3oN0bSVIhsaknAAAI", null, SocketIoProtocol.V5)).toEngineIoPackets());
    out.addAll(SocketIoPacketWithAttachments.event("/", new SocketIoEvent("hey", "[\"Jude\"]"), null).toEngineIoPackets());
    assertEquals("40{\"sid\":\"wZX3oN0bSVIhsaknAAAI\"}\u001e42[\"hey\",\"Jude\"]",
      new String(EngineIoCodec.encodePollingPayload(out, EngineIoVersion.V4, true).bytes(), StandardCharsets.UTF_8));

    List<SocketIoPacketWithAttachments> events = receive(EngineIoCodec.decodePollingPayload(
        "42[\"hello\"]\u001e42[\"world\"]".getBytes(StandardCharsets.UTF_8), false, EngineIoVersion.V4),
      new SocketIoPacketAssembler(SocketIoProtocol.V5, 100));
    assertEquals(List.of(new SocketIoEvent("hello", "[]"), new SocketIoEvent("world", "[]")),
      events.stream().map(SocketIoPacketWithAttachments::toEvent).toList());
  }
}
