package dev.switchboard.bench;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads a broker's JFR recording of the push window and says where its CPU samples went, in the terms of the
 * push path:
 * <ul>
 *   <li><b>push-path parts</b> — the share of samples with a given part anywhere on the stack (inbound packet
 *   JSON parsing, PushEntry encode/decode, building packets, mailbox text, mailbox and session calls, event-bus
 *   send and delivery, WebSocket writes, Hazelcast...); parts nest, so the shares overlap;</li>
 *   <li><b>by nearest Switchboard frame</b> — each sample charged once, to the Switchboard method closest to the
 *   top of its stack (library code is charged to the Switchboard method that called it; samples with no
 *   Switchboard frame to the library at their top), which partitions the samples;</li>
 *   <li><b>by library of the top frame</b>, <b>by thread</b> and the <b>top self frames</b>.</li>
 * </ul>
 * JFR samples Java code only: GC, JIT and time in system calls are not in it (the report shows those from
 * /proc per thread kind). Usage: {@code java -cp <test classpath> dev.switchboard.bench.PushBenchProfile FILE.jfr [N]}
 * (all samples of the file; the benchmark itself keeps only those of the push window).
 */
final class PushBenchProfile {

  /** A named part of the push path and the frames (class or class.method prefixes) that mark it. */
  private record Part(String name, List<String> markers) {
    boolean on(Set<String> stack) {
      for (String frame : stack) {
        for (String marker : markers) {
          if (frame.startsWith(marker)) {
            return true;
          }
        }
      }
      return false;
    }
  }

  private static final String PUSH = "dev.switchboard.dialect.push.";

  private static final List<Part> PARTS = List.of(
    new Part("inbound packet: Buffer.toJsonValue → JsonObject (Jackson)", List.of(
      "io.vertx.core.buffer.impl.BufferImpl.toJsonValue", "io.vertx.core.json.jackson.JacksonCodec.fromBuffer",
      "io.vertx.core.json.jackson.JacksonCodec.fromParser")),
    new Part("PushEndpoint.onPacket (whole inbound packet handling)", List.of(PUSH + "PushEndpoint.onPacket")),
    new Part("PushEndpoint.onMessage / accept (sender side)", List.of(PUSH + "PushEndpoint.onMessage",
      PUSH + "PushEndpoint.accept")),
    new Part("PushEndpoint.onCallback (receiver's MESSAGE_CALLBACK)", List.of(PUSH + "PushEndpoint.onCallback")),
    new Part("PushEndpoint.deliver (envelopes from the event bus)", List.of(PUSH + "PushEndpoint.deliver")),
    new Part("PushEntry.encode (JsonObject.encode of the mailbox entry)", List.of(PUSH + "PushEntry.encode")),
    new Part("PushEntry.decode (new JsonObject(text) of the entry)", List.of(PUSH + "PushEntry.decode")),
    new Part("PushPackets.message (MESSAGE packet built with JsonObject)", List.of(PUSH + "PushPackets.message")),
    new Part("PushPackets.messageReply (MESSAGE_REPLY with JsonObject)", List.of(PUSH + "PushPackets.messageReply")),
    new Part("PushMessageRequest.parse", List.of(PUSH + "PushMessageRequest.parse")),
    new Part("PushReplies (statuses owed to senders)", List.of(PUSH + "PushReplies.")),
    new Part("PushDeliveryWindow (enqueue/pump/acknowledge)", List.of(PUSH + "PushDeliveryWindow.")),
    new Part("PushEndpoint.reportStatus (WAIT/OK status envelopes)", List.of(PUSH + "PushEndpoint.reportStatus")),
    new Part("PushEndpoint.nextMid", List.of(PUSH + "PushEndpoint.nextMid")),
    new Part("PushDirectory.isKnown / sessionOf (AsyncMap reads)", List.of(PUSH + "PushDirectory.isKnown",
      PUSH + "PushDirectory.sessionOf")),
    new Part("mailboxes: MailboxContents (stored mailbox: append/remove/copy)",
      List.of("dev.switchboard.cluster.MailboxContents.")),
    new Part("mailboxes: LocalMailboxes (in memory)", List.of("dev.switchboard.cluster.LocalMailboxes.")),
    new Part("mailboxes: HazelcastMailboxes calls (submitToKey)", List.of(
      "dev.switchboard.cluster.HazelcastMailboxes.append", "dev.switchboard.cluster.HazelcastMailboxes.read",
      "dev.switchboard.cluster.HazelcastMailboxes.remove")),
    new Part("mailboxes: entry processors running (Changes/Read.process)", List.of(
      "dev.switchboard.cluster.HazelcastMailboxes$Changes.process",
      "dev.switchboard.cluster.HazelcastMailboxes$Read.process")),
    new Part("Hazelcast (any com.hazelcast frame)", List.of("com.hazelcast.")),
    new Part("Hazelcast serialization service (toData/toObject)", List.of(
      "com.hazelcast.internal.serialization.impl.AbstractSerializationService.")),
    new Part("Java serialization (ObjectOutputStream/ObjectInputStream: Serializable entry processors)", List.of(
      "java.io.ObjectOutputStream.", "java.io.ObjectInputStream.", "java.io.ObjectStreamClass.")),
    new Part("Hazelcast partition operations (OperationRunnerImpl.run: owner and backup)", List.of(
      "com.hazelcast.spi.impl.operationservice.impl.OperationRunnerImpl.run")),
    new Part("Hazelcast backup operation run", List.of("com.hazelcast.spi.impl.operationservice.impl.operations.Backup.run",
      "com.hazelcast.map.impl.operation.EntryBackupOperation", "com.hazelcast.map.impl.operation.PutBackupOperation")),
    new Part("Hazelcast entry processor on the owner (EntryOperation)", List.of(
      "com.hazelcast.map.impl.operation.EntryOperation.")),
    new Part("Hazelcast entry processor on the backup (EntryBackupOperation)", List.of(
      "com.hazelcast.map.impl.operation.EntryBackupOperation.")),
    new Part("Hazelcast map get (GetOperation: sessions)", List.of("com.hazelcast.map.impl.operation.GetOperation.")),
    new Part("Hazelcast deserializing operations (Operation.readData)", List.of(
      "com.hazelcast.spi.impl.operationservice.Operation.readData")),
    new Part("Hazelcast record value re-serialized (StorageImpl.updateRecordValue)", List.of(
      "com.hazelcast.map.impl.recordstore.StorageImpl.updateRecordValue")),
    new Part("Hazelcast JSON metadata of every update (JsonMetadataMutationObserver)", List.of(
      "com.hazelcast.map.impl.recordstore.JsonMetadataMutationObserver.")),
    new Part("Hazelcast networking (IO threads, packet encode/decode)", List.of("com.hazelcast.internal.networking.",
      "com.hazelcast.internal.server.tcp.")),
    new Part("Vert.x AsyncMap over Hazelcast (HazelcastAsyncMap, ConversionUtils)", List.of(
      "io.vertx.spi.cluster.hazelcast.impl.HazelcastAsyncMap", "io.vertx.spi.cluster.hazelcast.impl.ConversionUtils")),
    new Part("event bus: EnvelopeRouter.sendToConnection", List.of("dev.switchboard.routing.EnvelopeRouter.")),
    new Part("event bus: delivery to a consumer (MessageConsumerImpl/HandlerRegistration)", List.of(
      "io.vertx.core.eventbus.impl.MessageConsumerImpl", "io.vertx.core.eventbus.impl.HandlerRegistration")),
    new Part("event bus: any io.vertx.core.eventbus frame", List.of("io.vertx.core.eventbus.")),
    new Part("event bus: EnvelopeCodec (cluster wire form)", List.of("dev.switchboard.bus.EnvelopeCodec.")),
    new Part("clustered event bus (ClusteredEventBus, node selector, TCP)", List.of(
      "io.vertx.core.eventbus.impl.clustered.")),
    new Part("regex: NodeIdentity.isValidId (ConnectionId.parse per envelope)", List.of(
      "dev.switchboard.bus.NodeIdentity.isValidId")),
    new Part("WebSocket write: Connection.sendText", List.of("dev.switchboard.gateway.Connection.sendText")),
    new Part("WebSocket read: Connection.onFrame", List.of("dev.switchboard.gateway.Connection.onFrame")),
    new Part("Netty WebSocket frame codec", List.of("io.netty.handler.codec.http.websocketx.")),
    new Part("JSON: Jackson anywhere", List.of("com.fasterxml.jackson.")),
    new Part("JSON: io.vertx.core.json anywhere (JsonObject, codec)", List.of("io.vertx.core.json.")),
    new Part("Future/Promise plumbing (io.vertx.core.impl.future)", List.of("io.vertx.core.impl.future.",
      "io.vertx.core.Future.")));

  private static final String[] LIBRARIES = {"dev.switchboard.", "com.fasterxml.jackson.", "io.vertx.core.json.",
    "io.vertx.core.eventbus.", "io.vertx.spi.cluster.", "io.vertx.", "io.netty.", "com.hazelcast.", "sun.nio.",
    "java.util.concurrent.", "java.lang.String", "java.", "jdk.", "sun."};

  /** A summary: the text for the report and the part shares by name. */
  record Summary(String text, long samples, Map<String, Double> partShares) {
  }

  private PushBenchProfile() {
  }

  public static void main(String[] args) throws IOException {
    if (args.length < 1) {
      System.err.println("usage: PushBenchProfile FILE.jfr [N]");
      System.exit(2);
    }
    System.out.println(summarize(Path.of(args[0]), args.length > 1 ? Integer.parseInt(args[1]) : 20,
      Instant.MIN, Instant.MAX).text());
  }

  /** Summarises the samples taken between {@code from} and {@code to}. */
  static Summary summarize(Path file, int top, Instant from, Instant to) throws IOException {
    Map<String, Long> self = new HashMap<>();
    Map<String, Long> nearest = new HashMap<>();
    Map<String, Long> library = new HashMap<>();
    Map<String, Long> threads = new HashMap<>();
    Map<String, Long> parts = new LinkedHashMap<>();
    PARTS.forEach(part -> parts.put(part.name(), 0L));
    long samples = 0;
    for (RecordedEvent event : RecordingFile.readAllEvents(file)) {
      if (!event.getEventType().getName().equals("jdk.ExecutionSample")
        || event.getStartTime().isBefore(from) || event.getStartTime().isAfter(to)) {
        continue;
      }
      RecordedStackTrace stack = event.getStackTrace();
      if (stack == null || stack.getFrames().isEmpty()) {
        continue;
      }
      samples++;
      List<RecordedFrame> frames = stack.getFrames();
      String topFrame = name(frames.get(0));
      self.merge(topFrame, 1L, Long::sum);
      library.merge(libraryOf(topFrame), 1L, Long::sum);
      RecordedThread thread = event.getThread("sampledThread");
      threads.merge(threadKind(thread == null ? null : thread.getJavaName()), 1L, Long::sum);
      Set<String> names = new HashSet<>();
      String project = null;
      for (RecordedFrame frame : frames) {
        String name = name(frame);
        names.add(name);
        if (project == null && name.startsWith("dev.switchboard.")) {
          project = name;
        }
      }
      nearest.merge(project != null ? project : "(no Switchboard frame) " + libraryOf(topFrame), 1L, Long::sum);
      for (Part part : PARTS) {
        if (part.on(names)) {
          parts.merge(part.name(), 1L, Long::sum);
        }
      }
    }
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, "%s: %d CPU samples (Java code only; GC/JIT/syscalls not sampled)%n%n",
      file.getFileName(), samples));
    Map<String, Double> shares = new LinkedHashMap<>();
    long total = Math.max(1, samples);
    parts.forEach((name, count) -> shares.put(name, 100.0 * count / total));
    out.append("push-path parts (share of samples with the part anywhere on the stack; parts nest):\n");
    for (Map.Entry<String, Long> entry : parts.entrySet()) {
      out.append(String.format(Locale.ROOT, "  %5.1f %%  %s%n", 100.0 * entry.getValue() / total, entry.getKey()));
    }
    print(out, "by nearest Switchboard frame (each sample once)", nearest, total, top);
    print(out, "by library of the top frame", library, total, top);
    print(out, "by thread", threads, total, top);
    print(out, "top self frames", self, total, top);
    return new Summary(out.toString(), samples, shares);
  }

  private static void print(StringBuilder out, String title, Map<String, Long> counts, long total, int top) {
    out.append('\n').append(title).append(":\n");
    List<Map.Entry<String, Long>> sorted = new ArrayList<>(counts.entrySet());
    sorted.sort(Map.Entry.<String, Long>comparingByValue().reversed());
    for (Map.Entry<String, Long> entry : sorted.subList(0, Math.min(top, sorted.size()))) {
      out.append(String.format(Locale.ROOT, "  %5.1f %%  %s%n", 100.0 * entry.getValue() / total, entry.getKey()));
    }
  }

  private static String name(RecordedFrame frame) {
    return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
  }

  private static String libraryOf(String method) {
    for (String prefix : LIBRARIES) {
      if (method.startsWith(prefix)) {
        return prefix + "*";
      }
    }
    return "other";
  }

  private static String threadKind(String name) {
    if (name == null) {
      return "(unknown)";
    }
    if (name.startsWith("vert.x-eventloop")) {
      return "vert.x event loops";
    }
    if (name.startsWith("hz.")) {
      int dot = name.indexOf('.', 3);
      String rest = dot < 0 ? name : name.substring(dot + 1);
      return "hazelcast " + rest.replaceAll("[-.]?\\d+$", "").replaceAll("\\d+", "#");
    }
    if (name.startsWith("vert.x-")) {
      return name.replaceAll("-\\d+$", "");
    }
    return name.replaceAll("\\d+", "#");
  }
}
